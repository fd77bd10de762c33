package io.partnersync.mapping;

import io.partnersync.canonical.Domains;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The named converters a mapping file may use. A fixed set, implemented here, so that a mapping
 * file can never run code. Each takes the raw CRM value (non-null) and returns a value that
 * {@link Coercion} can turn into the canonical field's type.
 */
public enum Converter {
    TRIM("trim", v -> v.toString().trim()),
    LOWERCASE("lowercase", v -> v.toString().trim().toLowerCase(Locale.ROOT)),
    UPPERCASE("uppercase", v -> v.toString().trim().toUpperCase(Locale.ROOT)),
    /** A URL, host or e-mail address to its bare web domain. */
    DOMAIN("domain", v -> Domains.normalize(v.toString())),
    /** Multi-select picklists: {@code "EMEA;NA"}. */
    SEMICOLON_LIST("semicolon-list", v -> split(v.toString(), ";")),
    /** Multiple-checkbox properties and plain comma lists: {@code "EMEA,NA"}. */
    COMMA_LIST("comma-list", v -> split(v.toString(), ",")),
    /** Milliseconds since the epoch (date-times in some CRMs' webhooks and older APIs). */
    EPOCH_MILLIS("epoch-millis", v -> Instant.ofEpochMilli(Long.parseLong(v.toString().trim()))),
    /** Yes/no flags in the shapes CRMs send: true/false, "true", "yes", "1". */
    YES_NO("yes-no", v -> switch (v.toString().trim().toLowerCase(Locale.ROOT)) {
        case "true", "yes", "y", "1" -> "true";
        case "false", "no", "n", "0", "" -> "false";
        default -> throw new IllegalArgumentException("'" + v + "' is not yes or no");
    });

    private final String key;
    private final UnaryOperator<Object> function;

    Converter(String key, UnaryOperator<Object> function) {
        this.key = key;
        this.function = function;
    }

    public String key() {
        return key;
    }

    Object apply(Object value) {
        return function.apply(value);
    }

    public static Optional<Converter> fromKey(String key) {
        return Arrays.stream(values()).filter(c -> c.key.equals(key)).findFirst();
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(Converter::key).toList();
    }

    private static List<String> split(String value, String separator) {
        return Arrays.stream(value.split(separator)).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
