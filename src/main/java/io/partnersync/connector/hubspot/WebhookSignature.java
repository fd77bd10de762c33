package io.partnersync.connector.hubspot;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.util.Locale;

/**
 * Checks HubSpot's {@code X-HubSpot-Signature-v3} on a webhook request
 * (https://developers.hubspot.com/docs/api/webhooks/validating-requests): Base64 of HMAC-SHA256,
 * keyed with the app's client secret, over method + full request URI + raw body + the
 * {@code X-HubSpot-Request-Timestamp} value. Requests whose timestamp is more than five minutes
 * old are refused, so a captured request cannot be replayed later. Pure; thread-safe.
 */
public final class WebhookSignature {

    /** HubSpot refuses to accept, and so do we, a signature timestamp older than this. */
    public static final Duration MAX_AGE = Duration.ofMinutes(5);

    /** HubSpot signs the URI with these characters decoded. */
    private static final Map<String, String> DECODED = Map.ofEntries(
            Map.entry("%3A", ":"), Map.entry("%2F", "/"), Map.entry("%3F", "?"), Map.entry("%40", "@"), Map.entry("%21", "!"),
            Map.entry("%24", "$"), Map.entry("%27", "'"), Map.entry("%28", "("), Map.entry("%29", ")"), Map.entry("%2A", "*"),
            Map.entry("%2C", ","), Map.entry("%3B", ";"));

    private WebhookSignature() {
    }

    /** Why a request was refused; {@link #VALID} when it was not. */
    /** FUTURE: stamped later than the clock allows (more than {@link #CLOCK_SKEW} ahead): a replay prepared in advance. */
    public enum Verdict { VALID, MISSING, EXPIRED, FUTURE, MISMATCH }

    /** How far ahead of our clock a request may be stamped (clocks differ a little). */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    /**
     * @param uri the full request URI as HubSpot called it, scheme, host, path and query
     * @param timestamp the {@code X-HubSpot-Request-Timestamp} header (epoch milliseconds), or {@code null}
     * @param signature the {@code X-HubSpot-Signature-v3} header, or {@code null}
     */
    public static Verdict verify(String clientSecret, String method, String uri, String body, String timestamp, String signature, Instant now) {
        if (signature == null || signature.isBlank() || timestamp == null || timestamp.isBlank()) {
            return Verdict.MISSING;
        }
        long millis;
        try {
            millis = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Verdict.MISSING;
        }
        if (Instant.ofEpochMilli(millis).isBefore(now.minus(MAX_AGE))) {
            return Verdict.EXPIRED;
        }
        if (Instant.ofEpochMilli(millis).isAfter(now.plus(CLOCK_SKEW))) {
            return Verdict.FUTURE;
        }
        byte[] expected = sign(clientSecret, method + decode(uri) + (body == null ? "" : body) + timestamp.trim());
        byte[] given = signature.trim().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(Base64.getEncoder().encode(expected), given) ? Verdict.VALID : Verdict.MISMATCH;
    }

    private static byte[] sign(String clientSecret, String source) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(source.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String decode(String uri) {
        String decoded = uri;
        for (var entry : DECODED.entrySet()) {
            decoded = decoded.replace(entry.getKey(), entry.getValue()).replace(entry.getKey().toLowerCase(Locale.ROOT), entry.getValue());
        }
        return decoded;
    }
}
