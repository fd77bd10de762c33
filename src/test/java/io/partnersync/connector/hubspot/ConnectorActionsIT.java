package io.partnersync.connector.hubspot;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.partnersync.support.Records.portalDeal;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.support.Callers;
import io.partnersync.support.IntegrationTest;
import io.partnersync.sync.IngestService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** What ops ask of a connector directly: read records again (by id, or from a time), poll now, test the connection. */
@IntegrationTest
@DisplayName("Connector actions")
class ConnectorActionsIT extends HubSpotTest {

    @LocalServerPort int port;
    @Autowired IngestService ingest;
    @Autowired JdbcTemplate jdbc;
    @Autowired ObjectMapper json;

    @BeforeEach
    void fresh() {
        freshPortalsAndPartners(ingest);
        jdbc.update("truncate audit_event");
        ACME_PORTAL.seed("deals", List.of(portalDeal("87301", "Read again", "4100", Instant.parse("2026-11-27T10:00:00Z"))));
    }

    @Test
    @DisplayName("resync by id reads the records from the portal now, into the store, audited with who")
    void resyncById() throws Exception {
        HttpResponse<String> answer = call(Callers.OPS, "/api/connectors/acme-hubspot/resync?entity=deal&id=87301&id=87399");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode body = json.readTree(answer.body());
        assertThat(body.path("asked").asInt()).isEqualTo(2);
        assertThat(body.path("found").asInt()).as("87399 is not in the portal").isEqualTo(1);
        assertThat(jdbc.queryForObject("select d.name from deal d join external_ref r on r.entity_id = d.id"
                + " where r.connector = 'acme-hubspot' and r.external_id = '87301'", String.class)).isEqualTo("Read again");
        assertThat(jdbc.queryForObject("select actor from audit_event where action = 'connector-resync'", String.class)).isEqualTo("ops");
    }

    @Test
    @DisplayName("resync from a time sets the entity's checkpoint back to it; the next poll reads from there")
    void resyncSince() throws Exception {
        HttpResponse<String> answer = call(Callers.OPS, "/api/connectors/acme-hubspot/resync?entity=deal&since=2026-11-01T00:00:00Z");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(jdbc.queryForObject("select cursor_ts from sync_checkpoint where connector = 'acme-hubspot' and entity_type = 'DEAL'",
                java.sql.Timestamp.class).toInstant()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(call(Callers.OPS, "/api/connectors/acme-hubspot/sync").statusCode()).isEqualTo(202);
    }

    @Test
    @DisplayName("a resync with a bad entity, both or neither of since and id, or an id that is not an id is refused with the reason")
    void refusedResyncs() throws Exception {
        assertThat(detail(call(Callers.OPS, "/api/connectors/acme-hubspot/resync?entity=partner&id=1"), 400)).contains("syncs [lead, deal], not 'partner'");
        assertThat(detail(call(Callers.OPS, "/api/connectors/acme-hubspot/resync?entity=deal"), 400)).contains("either since");
        assertThat(detail(call(Callers.OPS, "/api/connectors/acme-hubspot/resync?entity=deal&id=87301&since=2026-11-01T00:00:00Z"), 400)).contains("not both");
        assertThat(detail(call(Callers.OPS, "/api/connectors/acme-hubspot/resync?entity=deal&id=1%27%20OR%20%271"), 400)).contains("refused");
        assertThat(call(Callers.VIEWER, "/api/connectors/acme-hubspot/resync?entity=deal&id=87301").statusCode()).isEqualTo(403);
        assertThat(call(Callers.VIEWER, "/api/connectors/acme-hubspot/sync").statusCode()).isEqualTo(403);
        assertThat(call(Callers.VIEWER, "/api/connectors/acme-hubspot/test").statusCode()).isEqualTo(403);
    }

    @Test
    @DisplayName("test connection says what the portal answered, or 502 with why it could not")
    void testConnection() throws Exception {
        ACME.stubFor(get(urlPathEqualTo("/crm/v3/properties/deals/partnersync_id")).willReturn(aResponse().withStatus(200).withBody("{}")));
        HttpResponse<String> ok = call(Callers.OPS, "/api/connectors/acme-hubspot/test");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(json.readTree(ok.body()).path("answer").asText()).isEqualTo("HubSpot portal answered; deals have the property partnersync_id");

        ACME.stubFor(get(urlPathEqualTo("/crm/v3/properties/deals/partnersync_id")).willReturn(aResponse().withStatus(401)
                .withBody("{\"status\":\"error\",\"message\":\"Authentication credentials not found\",\"category\":\"INVALID_AUTHENTICATION\"}")));
        assertThat(detail(call(Callers.OPS, "/api/connectors/acme-hubspot/test"), 502)).contains("could not reach its CRM").contains("401");
    }

    private String detail(HttpResponse<String> answer, int status) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        return json.readTree(answer.body()).path("detail").asText();
    }

    private HttpResponse<String> call(String authorization, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
