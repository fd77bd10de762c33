package io.partnersync.config;

import io.partnersync.config.ConnectorProperties.ConnectorRole;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.stereotype.Component;

/**
 * The rules across connectors that single-field annotations cannot state: unique names, one
 * vendor, a partner connector names its partner and a vendor connector does not. Runs when the
 * application context starts, so a bad file never reaches a route.
 */
@Component
class ConnectorConfigurationValidator {

    ConnectorConfigurationValidator(PartnerSyncProperties properties, ConfigurableEnvironment environment) {
        validate(properties.connectors(), environment);
    }

    private static void validate(List<ConnectorProperties> connectors, ConfigurableEnvironment environment) {
        Set<String> names = new HashSet<>();
        int vendors = 0;
        for (int i = 0; i < connectors.size(); i++) {
            ConnectorProperties connector = connectors.get(i);
            String prefix = "partnersync.connectors[" + i + "].";
            if (!names.add(connector.name())) {
                throw refuse(environment, prefix + "name", "a unique connector name; '" + connector.name() + "' is used twice");
            }
            boolean hasPartner = connector.partner() != null && !connector.partner().isBlank();
            if (connector.role() == ConnectorRole.PARTNER && !hasPartner) {
                throw refuse(environment, prefix + "partner", "the key of the partner this partner connector belongs to");
            }
            if (connector.role() == ConnectorRole.VENDOR) {
                if (hasPartner) {
                    throw refuse(environment, prefix + "partner", "no partner on a vendor connector");
                }
                if (++vendors > 1) {
                    throw refuse(environment, prefix + "role", "at most one vendor connector");
                }
            }
            for (var secret : connector.secretEnv().entrySet()) {
                if (!secret.getValue().matches("[A-Z_][A-Z0-9_]*")) {
                    throw refuse(environment, prefix + "secret-env." + secret.getKey(),
                            "the NAME of an environment variable (upper-case letters, digits, '_'), not the secret itself");
                }
            }
        }
    }

    /** Names where the key was set, or, for a missing key, where its connector was declared. */
    private static InvalidConfigurationException refuse(ConfigurableEnvironment environment, String key, String expected) {
        String connector = key.substring(0, key.lastIndexOf('.') + 1);
        String origin = InvalidConfigurationException.originOf(environment, key);
        if (origin == null) {
            origin = InvalidConfigurationException.originOf(environment, connector + "name");
        }
        return new InvalidConfigurationException(origin == null ? "configuration" : origin, key, "expected " + expected);
    }
}
