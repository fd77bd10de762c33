package io.partnersync.connector.hubspot;

import io.partnersync.sync.IncrementalReads;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.canonical.EntityType;
import io.partnersync.sync.DuePolls;
import io.partnersync.sync.IngestService;
import io.partnersync.support.HubSpotPortal;
import io.partnersync.support.IntegrationTest;
import io.partnersync.sync.OutboxRelay;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One failure policy for what fails as a whole: a poll, a relay batch and a webhook batch read of
 * a portal that refuses each become a categorized sync failure of the connector, show on its health
 * (FAILING, with the failure; the service itself stays UP), and close when the next one succeeds.
 */
@IntegrationTest
@DisplayName("A failing poll, relay batch or webhook batch")
class FailurePolicyIT extends HubSpotTest {

    static final String REFUSAL = "{\"status\":\"error\",\"message\":\"This app hasn't been granted all required scopes\",\"category\":\"MISSING_SCOPES\"}";

    @LocalServerPort int port;
    @Autowired IncrementalReads poller;
    @Autowired io.partnersync.sync.DuePolls polls;
    @Autowired DuePolls due;
    @Autowired OutboxRelay relay;
    @Autowired IngestService ingest;
    @Autowired JdbcTemplate jdbc;
    @Autowired ObjectMapper json;

    @BeforeEach
    void fresh() {
        jdbc.update("truncate deal, lead, partner, external_ref, outbox, sync_checkpoint, sync_failure, webhook_event");
        ACME.resetAll();
        HubSpotPortal.serve(ACME);
        ACME_PORTAL.clear();
        ingest.ingest("vendor-sf", EntityType.PARTNER, List.of(salesforcePartner("001A", "acme", "Acme", "Gold", "2026-11-21T08:59:00.000+0000")), null);
    }

    @Test
    @DisplayName("a poll the portal refuses is an AUTH failure of the connector and FAILING on its health (the service stays UP); the next good poll closes it")
    void failingPoll() throws Exception {
        ACME.stubFor(post(urlPathEqualTo("/crm/v3/objects/deals/search")).willReturn(refused()));

        due.pollSoon("acme-hubspot");
        polls.pollDue();

        await().atMost(Duration.ofSeconds(20)).until(() -> open("(poll)", "DEAL") != null);
        Map<String, Object> failure = open("(poll)", "DEAL");
        assertThat(failure.get("category")).isEqualTo("AUTH");
        assertThat((String) failure.get("reason")).contains("poll of deal failed").contains("403").contains("required scopes");
        assertThat(open("(poll)", "LEAD")).as("the lead read went on and succeeded").isNull();
        JsonNode health = health();
        assertThat(health.path("status").asText()).isEqualTo("FAILING");
        assertThat(health.path("details").path("failing").get(0).path("category").asText()).isEqualTo("AUTH");
        HttpResponse<String> service = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(service.statusCode()).as("one failing portal never takes the service down (a liveness probe would restart it)").isEqualTo(200);
        assertThat(json.readTree(service.body()).path("status").asText()).isEqualTo("UP");
        assertThat(service.body()).as("anonymous callers see the status only").doesNotContain("acme").doesNotContain("scopes");

        ACME.resetAll();
        HubSpotPortal.serve(ACME);
        // the poll interval has passed: its lease (held for the interval) is free again
        jdbc.update("update shedlock set lock_until = now() where name = 'poll:acme-hubspot'");
        due.pollSoon("acme-hubspot");
        polls.pollDue();

        await().atMost(Duration.ofSeconds(20)).until(() -> open("(poll)", "DEAL") == null);
        assertThat(jdbc.queryForObject("select resolution from sync_failure where connector = 'acme-hubspot' and external_id = '(poll)' and entity_type = 'DEAL'", String.class)).isEqualTo("recovered");
        await().atMost(Duration.ofSeconds(5)).until(() -> health().path("status").asText().equals("UP"));
    }

    @Test
    @DisplayName("a relay batch the portal refuses is an AUTH failure of the connector; its records wait with backoff, none is parked")
    void failingRelayBatch() throws Exception {
        ingest.ingest("vendor-sf", EntityType.DEAL, List.of(io.partnersync.support.Records.salesforceOpportunity("006A", "001A",
                "Contoso firewall", 12000, "2026-11-21T09:00:00.000+0000")), null);
        assertThat(pending()).isEqualTo(1);
        ACME.stubFor(post(urlPathEqualTo("/crm/v3/objects/deals/batch/upsert")).willReturn(refused()));

        relay.relay("acme-hubspot");

        Map<String, Object> failure = open("(relay)", "DEAL");
        assertThat(failure).isNotNull();
        assertThat(failure.get("category")).isEqualTo("AUTH");
        assertThat(failure.get("direction")).isEqualTo("OUTBOUND");
        assertThat(jdbc.queryForMap("select status, attempts, next_attempt_at > now() as later from outbox where target_connector = 'acme-hubspot'"))
                .containsEntry("status", "PENDING").containsEntry("attempts", 1).containsEntry("later", true);
        assertThat(health().path("status").asText()).isEqualTo("FAILING");

        ACME.resetAll();
        HubSpotPortal.serve(ACME);
        jdbc.update("update outbox set next_attempt_at = now()");
        relay.relay("acme-hubspot");

        assertThat(open("(relay)", "DEAL")).isNull();
        assertThat(pending()).isZero();
        assertThat(ACME_PORTAL.objects("deals")).hasSize(1);
    }

    @Test
    @DisplayName("a webhook batch whose read the portal refuses is an AUTH failure of the connector; HubSpot is answered 503 to redeliver")
    void failingWebhookBatch() throws Exception {
        ACME.stubFor(post(urlPathEqualTo("/crm/v3/objects/deals/batch/read")).willReturn(refused()));
        String body = json.writeValueAsString(List.of(Map.of("eventId", 8801, "subscriptionId", 1, "portalId", 62515, "occurredAt", 1795770000000L,
                "subscriptionType", "deal.creation", "attemptNumber", 0, "objectId", 9401L, "changeSource", "CRM")));

        HttpResponse<String> answer = SignedWebhooks.post(port, body, body, Instant.now(), "app-secret-acme");

        assertThat(answer.statusCode()).isEqualTo(503);
        Map<String, Object> failure = open("(webhook)", "DEAL");
        assertThat(failure).isNotNull();
        assertThat(failure.get("category")).isEqualTo("AUTH");
        assertThat(health().path("status").asText()).isEqualTo("FAILING");
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder refused() {
        return aResponse().withStatus(403).withHeader("Content-Type", "application/json").withBody(REFUSAL);
    }

    private Map<String, Object> open(String activity, String entity) {
        List<Map<String, Object>> rows = jdbc.queryForList("select category, reason, direction from sync_failure where connector = 'acme-hubspot'"
                + " and external_id = ? and entity_type = ? and resolved_at is null", activity, entity);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private int pending() {
        return jdbc.queryForObject("select count(*) from outbox where target_connector = 'acme-hubspot' and status = 'PENDING'", Integer.class);
    }

    private JsonNode health() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/health/connectors/acme-hubspot"))
                .header("Authorization", io.partnersync.support.Callers.VIEWER).build(), HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body());
    }
}
