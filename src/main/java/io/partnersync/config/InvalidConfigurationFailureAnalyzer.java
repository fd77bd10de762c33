package io.partnersync.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a refused configuration into Spring Boot's short start-up report instead of a stack trace. */
class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
        if (cause.key().isEmpty() && cause.source().equals("configuration")) {
            return new FailureAnalysis("PartnerSync configuration is invalid: " + cause.expected(),
                    "Correct each, or run `java -jar partnersync.jar validate` to see them all again, and start PartnerSync again.", cause);
        }
        return new FailureAnalysis(
                "PartnerSync configuration is invalid.\n\n    File:     " + cause.source()
                        + "\n    Key:      " + cause.key()
                        + "\n    Problem:  " + cause.expected(),
                "Correct " + cause.key() + " in " + cause.source() + " and start PartnerSync again.",
                cause);
    }
}
