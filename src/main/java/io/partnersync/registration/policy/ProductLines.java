package io.partnersync.registration.policy;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Product-line names: lower-case, trimmed, single spaces, so configuration and CRM values compare equal. */
final class ProductLines {

    private static final Pattern SPACES = Pattern.compile("\\s+");

    private ProductLines() {
    }

    static String normalize(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return SPACES.matcher(value.trim()).replaceAll(" ").toLowerCase(Locale.ROOT);
    }

    static String of(String product, Map<String, String> lines) {
        String key = normalize(product);
        return key == null ? null : lines.getOrDefault(key, key);
    }

    /** Whether something of {@code other} line (null = any line) touches {@code line}. */
    static boolean covers(String other, String line) {
        String normalized = normalize(other);
        return normalized == null || normalized.equals(line);
    }
}
