package io.partnersync.ops;

import static io.partnersync.support.Records.salesforceOpportunity;
import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.canonical.EntityType;
import io.partnersync.store.IngestResult.Outcome;
import io.partnersync.sync.IngestService;
import io.partnersync.support.IntegrationTest;
import io.partnersync.support.StoreTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

@IntegrationTest
@DisplayName("Ops API")
class OpsApiIT extends StoreTest {

    @LocalServerPort int port;
    @Autowired IngestService ingest;
    @Autowired JdbcTemplate jdbc;
    @Autowired ObjectMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @DisplayName("a record that refers to a partner not yet synced is kept, listed, and replays once the partner has arrived")
    void replayAfterReferenceArrives() throws Exception {
        String opportunity = "006" + UUID.randomUUID().toString().substring(0, 8);
        var first = ingest.ingest("vendor-sf", EntityType.DEAL,
                List.of(salesforceOpportunity(opportunity, "001INITECH", "Initech rollout", 42000, "2026-11-20T08:00:00.000+0000")), null);
        assertThat(first.outcomes().get(0).outcome()).isEqualTo(Outcome.FAILED);

        JsonNode listed = get("/api/failures?connector=vendor-sf");
        JsonNode failure = find(listed, opportunity);
        assertThat(failure.path("category").asText()).isEqualTo("REFERENCE");
        assertThat(failure.path("reason").asText()).contains("partnerId").contains("001INITECH").contains("not in the store yet");
        long failureId = failure.path("id").asLong();

        ingest.ingest("vendor-sf", EntityType.PARTNER,
                List.of(salesforcePartner("001INITECH", "initech", "Initech Partners", "Silver", "2026-11-20T08:00:00.000+0000")), null);
        HttpResponse<String> replayed = post("/api/failures/" + failureId + "/replay");

        assertThat(replayed.statusCode()).isEqualTo(200);
        assertThat(json.readTree(replayed.body()).path("outcome").asText()).isEqualTo("CREATED");
        assertThat(jdbc.queryForObject("""
                select p.key from deal d join partner p on p.id = d.partner_id
                  join external_ref r on r.entity_id = d.id and r.connector = 'vendor-sf' and r.external_id = ?
                """, String.class, opportunity)).isEqualTo("initech");
        assertThat(jdbc.queryForObject("select resolution from sync_failure where id = ?", String.class, failureId)).isEqualTo("ingested");

        assertThat(jdbc.queryForObject("select reason from audit_event where actor = 'ops' and action = 'failure-replayed' order by id desc limit 1",
                String.class)).isEqualTo("sync failure " + failureId + " replayed: CREATED");

        HttpResponse<String> again = post("/api/failures/" + failureId + "/replay");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("already resolved");
        assertThat(jdbc.queryForObject("select count(*) from external_ref where connector = 'vendor-sf' and external_id = ?", Integer.class, opportunity))
                .isEqualTo(1);
    }

    @Test
    @DisplayName("replaying an unknown failure says so")
    void replayUnknown() throws Exception {
        HttpResponse<String> response = post("/api/failures/987654/replay");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("no sync failure with id 987654");
    }

    @Test
    @DisplayName("health reports the database and every connector; Prometheus shows what flows and what is stuck")
    void healthAndMetrics(@Autowired io.partnersync.sync.spi.PageSink pages, @Autowired org.springframework.context.ApplicationContext context) throws Exception {
        pages.deliver("vendor-sf", EntityType.PARTNER,
                List.of(salesforcePartner("001METRICS", "metrics", "Metrics Partner", "Gold", "2026-11-20T08:00:00.000+0000")), null);

        JsonNode readiness = get("/actuator/health/readiness");
        assertThat(readiness.path("components").fieldNames()).toIterable().as(readiness.toString()).contains("db", "readinessState");
        assertThat(context.getBeansOfType(org.springframework.boot.health.contributor.HealthIndicator.class).values())
                .as("readiness is Camel's: not ready until the Camel context has started")
                .anyMatch(indicator -> indicator instanceof org.apache.camel.spring.boot.actuate.health.readiness.CamelReadinessStateHealthIndicator);
        JsonNode health = get("/actuator/health");
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/connectors/components").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("vendor-sf", "acme-hubspot", "globex-hubspot");
        assertThat(health.at("/components/connectors/components/acme-hubspot/details/partner").asText()).isEqualTo("acme");

        String prometheus = http.send(HttpRequest.newBuilder(uri("/actuator/prometheus")).header("Authorization", io.partnersync.support.Callers.VIEWER).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(prometheus)
                .containsPattern("partnersync_ingest_records_total\\{[^}]*connector=\"vendor-sf\"[^}]*entity=\"partner\"[^}]*outcome=\"created\"[^}]*} [1-9]")
                .contains("partnersync_outbox_pending{")
                .contains("partnersync_failures_open{")
                .containsPattern("partnersync_records_total\\{[^}]*connector=\"vendor-sf\"[^}]*direction=\"in\"[^}]*entity=\"partner\"[^}]*} 1")
                .containsPattern("partnersync_connector_state\\{[^}]*connector=\"acme-hubspot\"[^}]*state=\"running\"[^}]*} 1")
                .contains("partnersync_outbox_oldest_age_seconds{")
                .containsPattern("camel_exchanges_total\\{[^}]*routeId=\"vendor-sf.partner.inbound\"");
    }

    private static JsonNode find(JsonNode failures, String externalId) {
        for (JsonNode failure : failures) {
            if (failure.path("externalId").asText().equals(externalId)) {
                return failure;
            }
        }
        throw new AssertionError("no failure for " + externalId + " in " + failures);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", io.partnersync.support.Callers.VIEWER).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", io.partnersync.support.Callers.OPS).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
