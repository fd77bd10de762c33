package io.partnersync.canonical;

import java.util.regex.Pattern;
import java.util.Locale;

/**
 * Normalizes web domains so that {@code https://www.Example.com/about} and {@code example.com}
 * are recognized as the same customer.
 */
public final class Domains {

    private static final Pattern HOST = Pattern.compile("[a-z0-9.-]+");

    private Domains() {
    }

    /** Returns the bare lower-case host without scheme, {@code www.}, port, path or trailing dot; {@code null} for blank input. */
    public static String normalize(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String host = value.trim().toLowerCase(Locale.ROOT);
        int scheme = host.indexOf("://");
        if (scheme >= 0) {
            host = host.substring(scheme + 3);
        }
        int at = host.lastIndexOf('@');
        if (at >= 0) {
            host = host.substring(at + 1);
        }
        for (char end : new char[] {'/', '?', '#', ':'}) {
            int cut = host.indexOf(end);
            if (cut >= 0) {
                host = host.substring(0, cut);
            }
        }
        if (host.startsWith("www.")) {
            host = host.substring(4);
        }
        while (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty() || !host.contains(".") || !HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a web domain");
        }
        return host;
    }

    /** The domain part of an e-mail address, or {@code null}. */
    public static String fromEmail(String email) {
        if (email == null) {
            return null;
        }
        int at = email.lastIndexOf('@');
        return at < 0 ? null : email.substring(at + 1);
    }
}
