package io.partnersync.connector;

import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.InvalidConfigurationException;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Reads a connector's secrets from the environment variables its configuration names. Values are
 * never logged or put in a message; a missing one is reported by the variable's name.
 */
@Component
public class Secrets {

    private final Environment environment;

    Secrets(Environment environment) {
        this.environment = environment;
    }

    /** @throws InvalidConfigurationException naming the purpose and variable when it is not configured or not set */
    public String require(ConnectorProperties connector, String purpose) {
        String variable = connector.secretEnv().get(purpose);
        if (variable == null) {
            throw new InvalidConfigurationException("configuration", "partnersync.connectors[" + connector.name() + "].secret-env." + purpose,
                    "expected the name of the environment variable that holds the " + purpose + " of connector " + connector.name());
        }
        String value = environment.getProperty(variable);
        if (value == null || value.isBlank()) {
            throw new InvalidConfigurationException("environment", variable,
                    "expected environment variable " + variable + " to hold the " + purpose + " of connector " + connector.name());
        }
        return value;
    }
}
