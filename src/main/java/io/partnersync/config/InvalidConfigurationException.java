package io.partnersync.config;

import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Configuration that PartnerSync refuses to start with. The message always says where
 * ({@code source}: a file, or a file and line), which key, and what was expected.
 */
public class InvalidConfigurationException extends RuntimeException {

    private final String source;
    private final String key;
    private final String expected;

    public InvalidConfigurationException(String source, String key, String expected) {
        this(source, key, expected, null);
    }

    public InvalidConfigurationException(String source, String key, String expected, Throwable cause) {
        super(source + ": " + (key.isEmpty() ? "" : "key '" + key + "': ") + expected, cause);
        this.source = source;
        this.key = key;
        this.expected = expected;
    }

    /** All of them, one per line, as the validate command prints them. */
    public static InvalidConfigurationException of(List<ConfigurationCheck.Problem> problems) {
        if (problems.size() == 1) {
            ConfigurationCheck.Problem only = problems.get(0);
            return new InvalidConfigurationException(only.where(), only.key(), only.expected());
        }
        return new InvalidConfigurationException("configuration", "", problems.size() + " problems:\n      - "
                + problems.stream().map(ConfigurationCheck.Problem::toString).collect(Collectors.joining("\n      - ")));
    }

    public String source() {
        return source;
    }

    public String key() {
        return key;
    }

    public String expected() {
        return expected;
    }

    /** The file and line a property came from, as Spring Boot tracks it, e.g. "file [config/application.yml] - 12:13". */
    public static String originOf(ConfigurableEnvironment environment, String key) {
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof OriginLookup<?> lookup) {
                @SuppressWarnings("unchecked")
                Origin origin = ((OriginLookup<String>) lookup).getOrigin(key);
                if (origin != null) {
                    return origin.toString();
                }
            }
        }
        return null;
    }
}
