package io.partnersync.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.convert.ConversionFailedException;

/**
 * A setting whose value is not one of its options ({@code type: zoho}, {@code auth: oath}) is
 * reported in the configuration's own words: the key, the file and line, the value, and the
 * options as they are written ({@code oauth}, not {@code OAUTH} and a Java class name).
 */
class EnumValueFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ConversionFailedException conversion && conversion.getTargetType().getType().isEnum()) {
                Class<?> type = conversion.getTargetType().getType();
                String options = Arrays.stream(type.getEnumConstants())
                        .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT).replace('_', '-')).collect(Collectors.joining(", "));
                Origin origin = cause.getProperty() == null ? null : cause.getProperty().getOrigin();
                String key = cause.getProperty() == null ? cause.getName().toString() : cause.getProperty().getName().toString();
                return new FailureAnalysis("PartnerSync configuration is invalid.\n\n    File:     " + (origin == null ? "configuration" : origin)
                        + "\n    Key:      " + key
                        + "\n    Problem:  '" + conversion.getValue() + "' is not one of: " + options,
                        "Set " + key + " to one of: " + options + ", and start PartnerSync again.", cause);
            }
        }
        return null;
    }
}
