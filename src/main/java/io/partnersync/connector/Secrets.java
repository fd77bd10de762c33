package io.partnersync.connector;

import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.InvalidConfigurationException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * A connector's secrets: for a connection kept in the store, those it was given (decrypted when the
 * connection is loaded, held in memory only); otherwise from the environment variables its
 * configuration names. Values are never logged or put in a message; a missing one is reported by
 * its purpose and the variable's name. Thread-safe.
 */
@Component
public class Secrets {

    private final Environment environment;
    private final Map<String, Map<String, String>> stored = new ConcurrentHashMap<>();

    Secrets(Environment environment) {
        this.environment = environment;
    }

    /** @throws InvalidConfigurationException naming the purpose and variable when it is not configured or not set */
    public String require(ConnectorProperties connector, String purpose) {
        Map<String, String> given = stored.get(connector.name());
        if (given != null && given.containsKey(purpose)) {
            return given.get(purpose);
        }
        String variable = connector.secretEnv().get(purpose);
        if (variable == null && given != null) {
            throw new InvalidConfigurationException("connection " + connector.name(), "secrets." + purpose,
                    "expected the connection's " + purpose + ": give it with PUT /api/connections/" + connector.name());
        }
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

    /** The secrets of a stored connection, by purpose; replaces what it had. */
    public void provide(String connection, Map<String, String> secrets) {
        stored.put(connection, Map.copyOf(secrets));
    }

    /** Forgets the secrets of a connection that was removed. */
    public void withdraw(String connection) {
        stored.remove(connection);
    }
}
