package io.partnersync.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnersync.connector.hubspot.WebhookSignature.Verdict;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Test vectors computed outside Java, with OpenSSL:
 * {@code printf '%s' "POST${URI}${BODY}${TS}" | openssl dgst -sha256 -hmac "$SECRET" -binary | base64}
 * <ul>
 *   <li>SECRET {@code test-client-secret-5c1e}, URI {@code https://sync.vendor.example/webhooks/hubspot/acme-hubspot?portal=62515},
 *       TS {@code 1795770000123}, BODY as {@link #BODY}: {@code UvHz/5e4xStc6UBaqBMM8hzl4KddiSYomjtZnIFg7dA=}</li>
 *   <li>the same with SECRET {@code other-secret}: {@code oJfCO9SqRpJzh4LNWMHh6P5GEDu+KO1eJDEAUsM0quo=}</li>
 * </ul>
 */
@DisplayName("HubSpot webhook signature v3")
class WebhookSignatureTest {

    static final String SECRET = "test-client-secret-5c1e";
    static final String URI = "https://sync.vendor.example/webhooks/hubspot/acme-hubspot?portal=62515";
    static final String BODY = "[{\"eventId\":100,\"subscriptionId\":2345,\"portalId\":62515,\"appId\":54321,\"occurredAt\":1795770000000,"
            + "\"subscriptionType\":\"deal.propertyChange\",\"attemptNumber\":0,\"objectId\":18273645501,\"propertyName\":\"amount\","
            + "\"propertyValue\":\"52000\",\"changeSource\":\"CRM\"}]";
    static final String TIMESTAMP = "1795770000123";
    static final String SIGNATURE = "UvHz/5e4xStc6UBaqBMM8hzl4KddiSYomjtZnIFg7dA=";
    static final Instant NOW = Instant.ofEpochMilli(1795770000123L).plusSeconds(30);

    @Test
    @DisplayName("a request signed with the app's secret is accepted")
    void valid() {
        assertThat(WebhookSignature.verify(SECRET, "POST", URI, BODY, TIMESTAMP, SIGNATURE, NOW)).isEqualTo(Verdict.VALID);
    }

    @Test
    @DisplayName("the same URI with HubSpot's encoded characters verifies alike")
    void encodedUri() {
        String encoded = URI.replace("https://", "https%3A%2F%2F");
        assertThat(WebhookSignature.verify(SECRET, "POST", encoded, BODY, TIMESTAMP, SIGNATURE, NOW)).isEqualTo(Verdict.VALID);
    }

    @Test
    @DisplayName("a changed body is refused")
    void bodyChanged() {
        assertThat(WebhookSignature.verify(SECRET, "POST", URI, BODY.replace("52000", "520000"), TIMESTAMP, SIGNATURE, NOW))
                .isEqualTo(Verdict.MISMATCH);
    }

    @Test
    @DisplayName("a changed timestamp is refused")
    void timestampChanged() {
        assertThat(WebhookSignature.verify(SECRET, "POST", URI, BODY, "1795770000124", SIGNATURE, NOW)).isEqualTo(Verdict.MISMATCH);
    }

    @Test
    @DisplayName("another app's secret does not verify, and its signature is not ours")
    void otherSecret() {
        assertThat(WebhookSignature.verify("other-secret", "POST", URI, BODY, TIMESTAMP, SIGNATURE, NOW)).isEqualTo(Verdict.MISMATCH);
        assertThat(WebhookSignature.verify(SECRET, "POST", URI, BODY, TIMESTAMP, "oJfCO9SqRpJzh4LNWMHh6P5GEDu+KO1eJDEAUsM0quo=", NOW))
                .isEqualTo(Verdict.MISMATCH);
        assertThat(WebhookSignature.verify("other-secret", "POST", URI, BODY, TIMESTAMP, "oJfCO9SqRpJzh4LNWMHh6P5GEDu+KO1eJDEAUsM0quo=", NOW))
                .isEqualTo(Verdict.VALID);
    }

    @Test
    @DisplayName("a timestamp more than five minutes old is refused even with a good signature")
    void expired() {
        assertThat(WebhookSignature.verify(SECRET, "POST", URI, BODY, TIMESTAMP, SIGNATURE, NOW.plusSeconds(300))).isEqualTo(Verdict.EXPIRED);
    }

    @Test
    @DisplayName("a missing signature or timestamp is refused")
    void missing() {
        assertThat(WebhookSignature.verify(SECRET, "POST", URI, BODY, TIMESTAMP, null, NOW)).isEqualTo(Verdict.MISSING);
        assertThat(WebhookSignature.verify(SECRET, "POST", URI, BODY, null, SIGNATURE, NOW)).isEqualTo(Verdict.MISSING);
        assertThat(WebhookSignature.verify(SECRET, "POST", URI, BODY, "yesterday", SIGNATURE, NOW)).isEqualTo(Verdict.MISSING);
    }
}
