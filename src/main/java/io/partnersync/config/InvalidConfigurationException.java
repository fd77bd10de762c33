package io.partnersync.config;

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

    public String source() {
        return source;
    }

    public String key() {
        return key;
    }

    public String expected() {
        return expected;
    }
}
