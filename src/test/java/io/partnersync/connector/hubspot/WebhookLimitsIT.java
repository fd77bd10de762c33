package io.partnersync.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnersync.store.WebhookEventRepository;
import io.partnersync.support.IntegrationTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** The open webhook endpoint refuses what HubSpot never sends, before reading it; remembered event ids are forgotten after HubSpot's retry window. */
@IntegrationTest
@DisplayName("HubSpot webhook limits")
class WebhookLimitsIT extends HubSpotTest {

    @LocalServerPort int port;
    @Autowired JdbcTemplate jdbc;
    @Autowired WebhookEventRepository events;

    @Test
    @DisplayName("a body over the size limit is refused with 413, signed or not, and nothing is read from the portal")
    void sizeLimit() throws Exception {
        ACME.resetAll();
        String huge = "[" + "{\"eventId\":1,\"subscriptionType\":\"deal.creation\",\"objectId\":1},".repeat(6_000) + "{}]";

        HttpResponse<String> answer = SignedWebhooks.post(port, huge, huge, Instant.now(), "app-secret-acme");

        assertThat(huge.length()).isGreaterThan(262_144);
        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(ACME.getAllServeEvents()).isEmpty();
    }

    @Test
    @DisplayName("a request stamped in the future is refused like an expired one")
    void futureTimestamp() throws Exception {
        String body = "[]";

        HttpResponse<String> answer = SignedWebhooks.post(port, body, body, Instant.now().plus(Duration.ofMinutes(10)), "app-secret-acme");

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains(HubSpotWebhooks.UNVERIFIED);
    }

    @Test
    @DisplayName("an unsigned call gets the same answer for a real connector and an unknown one: connector names cannot be probed")
    void unsignedCallsLearnNoNames() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        java.util.function.Function<String, HttpResponse<String>> unsigned = name -> {
            try {
                return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/webhooks/hubspot/" + name))
                        .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString("[]")).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };

        HttpResponse<String> real = unsigned.apply("acme-hubspot");
        HttpResponse<String> unknown = unsigned.apply("no-such-portal");

        assertThat(real.statusCode()).isEqualTo(401).isEqualTo(unknown.statusCode());
        assertThat(real.body().replace("acme-hubspot", "X")).isEqualTo(unknown.body().replace("no-such-portal", "X"));
        assertThat(real.body()).doesNotContain("no enabled").doesNotContain("secret-env");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"not\":\"an array\"}", "[{\"eventId\":", "NESTED"})
    @DisplayName("a signed body HubSpot never sends is refused with where it went wrong, never a library's class names or limits")
    void badBodiesNameNoClasses(String body) throws Exception {
        String sent = body.equals("NESTED") ? "[".repeat(2_000) + "]".repeat(2_000) : body;

        HttpResponse<String> answer = SignedWebhooks.post(port, sent, sent, Instant.now(), "app-secret-acme");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("expected a JSON array of webhook events")
                .doesNotContainPattern("\\b(java|com|org|tools)\\.[a-z]+\\.").doesNotContain("Constraints").doesNotContain("()");
    }

    @Test
    @DisplayName("event ids taken in more than the retention ago are forgotten; newer ones are kept")
    void retention() {
        jdbc.update("delete from webhook_event");
        jdbc.update("insert into webhook_event (connector, event_id, received_at) values ('acme-hubspot', 'old', now() - interval '4 days'),"
                + " ('acme-hubspot', 'new', now() - interval '1 hour')");

        int forgotten = events.forgetBefore(Instant.now().minus(Duration.ofDays(3)));

        assertThat(forgotten).isEqualTo(1);
        assertThat(jdbc.queryForList("select event_id from webhook_event", String.class)).isEqualTo(List.of("new"));
    }
}
