package io.partnersync.ops;

import static io.partnersync.support.Records.salesforceOpportunity;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.canonical.EntityType;
import io.partnersync.support.Callers;
import io.partnersync.support.IntegrationTest;
import io.partnersync.support.StoreTest;
import io.partnersync.sync.IngestService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** What ops do with failures without a database shell: see them grouped, export them, close one by hand, and find it in the audit trail. */
@IntegrationTest
@DisplayName("Failure tools")
class FailureToolsIT extends StoreTest {

    @LocalServerPort int port;
    @Autowired IngestService ingest;
    @Autowired JdbcTemplate jdbc;
    @Autowired ObjectMapper json;

    @BeforeEach
    void threeDealsOfUnknownPartners() {
        jdbc.update("truncate deal, partner, external_ref, outbox, sync_checkpoint, sync_failure, audit_event");
        ingest.ingest("vendor-sf", EntityType.DEAL, List.of(
                salesforceOpportunity("006T1", "001NOPE1", "=HYPERLINK(\"http://evil\")", 1000, "2026-11-20T08:00:00.000+0000"),
                salesforceOpportunity("006T2", "001NOPE2", "Second", 1000, "2026-11-20T08:00:00.000+0000"),
                salesforceOpportunity("006T3", "001NOPE3", "Third", 1000, "2026-11-20T08:00:00.000+0000")), null);
    }

    @Test
    @DisplayName("failures that differ only in the record they name are one group, with its count")
    void grouped() throws Exception {
        JsonNode groups = json.readTree(call("viewer", "GET", "/api/failures/groups").body());

        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).path("count").asInt()).isEqualTo(3);
        assertThat(groups.get(0).path("category").asText()).isEqualTo("REFERENCE");
        assertThat(groups.get(0).path("reason").asText()).contains("partnerId").doesNotContain("001NOPE");
    }

    @Test
    @DisplayName("the CSV export has one line per failure, quoted, without payloads (the deal names stay out)")
    void csv() throws Exception {
        HttpResponse<String> export = call("viewer", "GET", "/api/failures/export.csv");

        assertThat(export.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<String> lines = export.body().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("id,connector,direction,entity,external_id,category,reason");
        assertThat(export.body()).contains("\"006T1\"").doesNotContain("HYPERLINK");
    }

    @Test
    @DisplayName("ops can close a failure by hand; the audit trail, searched by actor, says who")
    void resolveAndAudit() throws Exception {
        long id = jdbc.queryForObject("select id from sync_failure where external_id = '006T2'", Long.class);

        assertThat(call("viewer", "POST", "/api/failures/" + id + "/resolve").statusCode()).isEqualTo(403);
        assertThat(call("ops", "POST", "/api/failures/" + id + "/resolve").statusCode()).isEqualTo(200);
        assertThat(call("ops", "POST", "/api/failures/" + id + "/resolve").statusCode()).as("already closed").isEqualTo(409);

        assertThat(jdbc.queryForObject("select resolution from sync_failure where id = ?", String.class, id)).isEqualTo("marked resolved by ops");
        JsonNode audit = json.readTree(call("viewer", "GET", "/api/audit?actor=ops&action=failure-resolved").body());
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).path("reason").asText()).isEqualTo("sync failure " + id + " marked resolved");
    }

    @Test
    @DisplayName("ops replay every failure of a connector at once; the answer says what became of each")
    void replayAll() throws Exception {
        ingest.ingest("vendor-sf", EntityType.PARTNER, List.of(io.partnersync.support.Records.salesforcePartner("001NOPE1", "nope1", "Nope 1", "Gold",
                "2026-11-20T08:00:00.000+0000"), io.partnersync.support.Records.salesforcePartner("001NOPE2", "nope2", "Nope 2", "Gold",
                "2026-11-20T08:00:00.000+0000")), null);

        JsonNode answer = json.readTree(call("ops", "POST", "/api/failures/replay?connector=vendor-sf&category=REFERENCE").body());

        assertThat(answer.path("outcomes").path("CREATED").asInt()).isEqualTo(2);
        assertThat(answer.path("outcomes").path("FAILED").asInt()).as("still misses its partner").isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from deal", Integer.class)).as("two landed, the third still misses its partner").isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from sync_failure where resolved_at is null and external_id = '006T3'", Integer.class))
                .isEqualTo(1);
    }

    private HttpResponse<String> call(String caller, String method, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", caller.equals("ops") ? Callers.OPS : Callers.VIEWER)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
