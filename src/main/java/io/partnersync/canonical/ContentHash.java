package io.partnersync.canonical;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stable fingerprint of canonical field values, so "the same content again" (a duplicate
 * delivery, or our own write coming back as an echo) is recognized without comparing field by
 * field. Key order does not matter and decimals compare by value ({@code 100.00} equals {@code 100}).
 * 64 bits of SHA-256: hashes are only ever compared for one record against its own earlier
 * versions, where a collision (odds 2^-64 per change) would at worst skip one update.
 */
public final class ContentHash {

    private ContentHash() {
    }

    public static String of(Map<String, ?> fields) {
        StringBuilder text = new StringBuilder();
        // an empty field counts as absent, so adding an optional field to a record leaves every existing hash as it was
        new TreeMap<>(fields).forEach((key, value) -> {
            if (value != null) {
                text.append(key).append('=').append(render(value)).append('\u001f');
            }
        });
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String render(Object value) {
        if (value == null) {
            return "\u2205";
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }
}
