package io.partnersync.canonical;

import java.util.regex.Pattern;
import java.util.List;
import java.util.Locale;

/** Small checks shared by the records' compact constructors. */
final class Fields {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private Fields() {
    }

    static <T> T require(String field, T value) {
        if (value == null || value instanceof String s && s.isBlank()) {
            throw new InvalidRecordException(field, "is required");
        }
        return value;
    }

    static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    static List<String> list(List<String> values) {
        return values == null ? List.of() : List.copyOf(values);
    }

    static String domain(String field, String value) {
        try {
            return Domains.normalize(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException(field, e.getMessage());
        }
    }

    /** ISO 4217 codes are three letters; we store them upper-case. */
    static String currency(String code) {
        if (isBlank(code)) {
            return null;
        }
        String upper = code.trim().toUpperCase(Locale.ROOT);
        if (!CURRENCY.matcher(upper).matches()) {
            throw new InvalidRecordException("currency", "expected a three-letter ISO 4217 code, was '" + code + "'");
        }
        return upper;
    }
}
