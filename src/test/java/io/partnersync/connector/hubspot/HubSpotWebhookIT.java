package io.partnersync.connector.hubspot;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.partnersync.support.Records.hubspotDeal;
import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.canonical.EntityType;
import io.partnersync.sync.IngestService;
import io.partnersync.support.IntegrationTest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** HubSpot webhook batches posted to the service, signed as HubSpot signs them; changed deals read back from a WireMock portal. */
@IntegrationTest
@DisplayName("HubSpot webhooks")
class HubSpotWebhookIT extends HubSpotTest {

    static final String BATCH_READ = "/crm/v3/objects/deals/batch/read";

    @LocalServerPort int port;
    @Autowired IngestService ingest;
    @Autowired JdbcTemplate jdbc;
    @Autowired ObjectMapper json;


    @BeforeEach
    void fresh() throws Exception {
        ACME.resetAll();
        ingest.ingest("vendor-sf", EntityType.PARTNER, List.of(salesforcePartner("001A", "acme", "Acme", "Gold", "2026-11-21T08:59:00.000+0000")), null);
        ACME.stubFor(post(urlPathEqualTo(BATCH_READ)).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(json.writeValueAsString(Map.of("status", "COMPLETE", "results", List.of(
                        hubspotDeal("9101", "Webhook deal one", "3100", "2026-11-27T10:00:00.000Z"),
                        hubspotDeal("9102", "Webhook deal two", "3200", "2026-11-27T10:00:01.000Z")))))));
    }

    @Test
    @DisplayName("a signed batch is taken in once: events deduplicated, changed deals read with one batch read; a redelivery changes nothing")
    void signedBatch() throws Exception {
        String body = events(501, 502, 503);

        HttpResponse<String> first = send(body, Instant.now(), "app-secret-acme");
        HttpResponse<String> again = send(body, Instant.now(), "app-secret-acme");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(json.readTree(first.body()).path("new").asInt()).isEqualTo(3);
        assertThat(json.readTree(again.body()).path("new").asInt()).as("redelivered events are skipped").isZero();
        var reads = ACME.findAll(postRequestedFor(urlPathEqualTo(BATCH_READ)));
        assertThat(reads).as("one batch read for the first delivery, none for the second").hasSize(1);
        JsonNode inputs = json.readTree(reads.get(0).getBodyAsString()).path("inputs");
        assertThat(inputs.toString()).isEqualTo("[{\"id\":\"9101\"},{\"id\":\"9102\"}]");
        assertThat(jdbc.queryForList("select d.name from deal d join external_ref r on r.entity_id = d.id where r.connector = 'acme-hubspot'"
                + " and r.external_id in ('9101', '9102') order by 1", String.class)).containsExactly("Webhook deal one", "Webhook deal two");
    }

    @Test
    @DisplayName("a bad signature, a changed body or an old timestamp gets 401 and nothing is processed")
    void refused() throws Exception {
        String body = events(601, 602, 603);
        assertThat(send(body, Instant.now(), "someone-elses-secret").statusCode()).isEqualTo(401);
        assertThat(send(body, Instant.now().minusSeconds(360), "app-secret-acme").statusCode()).isEqualTo(401);
        HttpResponse<String> tampered = sendSigned(body.replace("3100", "9999"), body, Instant.now(), "app-secret-acme");
        assertThat(tampered.statusCode()).isEqualTo(401);

        assertThat(ACME.findAll(postRequestedFor(urlPathEqualTo(BATCH_READ)))).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from webhook_event where event_id in ('601', '602', '603')", Integer.class)).isZero();
    }

    private String events(long a, long b, long c) throws Exception {
        return json.writeValueAsString(List.of(
                event(a, 9101, "deal.propertyChange", "amount", "3100"),
                event(b, 9101, "deal.propertyChange", "dealname", "Webhook deal one"),
                event(c, 9102, "deal.creation", null, null)));
    }

    private static Map<String, Object> event(long eventId, long objectId, String type, String property, String value) {
        Map<String, Object> event = new java.util.LinkedHashMap<>();
        event.put("eventId", eventId);
        event.put("subscriptionId", 2345);
        event.put("portalId", 62515);
        event.put("appId", 54321);
        event.put("occurredAt", 1795770000000L);
        event.put("subscriptionType", type);
        event.put("attemptNumber", 0);
        event.put("objectId", objectId);
        if (property != null) {
            event.put("propertyName", property);
            event.put("propertyValue", value);
        }
        event.put("changeSource", "CRM");
        return event;
    }

    private HttpResponse<String> send(String body, Instant at, String secret) throws Exception {
        return sendSigned(body, body, at, secret);
    }

    private HttpResponse<String> sendSigned(String body, String signedBody, Instant at, String secret) throws Exception {
        return SignedWebhooks.post(port, body, signedBody, at, secret);
    }
}
