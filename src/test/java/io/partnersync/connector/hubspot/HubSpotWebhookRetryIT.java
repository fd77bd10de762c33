package io.partnersync.connector.hubspot;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.partnersync.support.Records.hubspotDeal;
import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.partnersync.canonical.EntityType;
import io.partnersync.sync.IngestService;
import io.partnersync.support.IntegrationTest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 9, item 8: a webhook event was recorded as processed before its batch read, so when the
 * read failed HubSpot's retry of the same event ids was answered {@code {"new":0}} and the change
 * waited for the next poll.
 */
@IntegrationTest
@DisplayName("HubSpot webhooks whose batch read fails")
class HubSpotWebhookRetryIT extends HubSpotTest {

    static final String BATCH_READ = "/crm/v3/objects/deals/batch/read";

    @LocalServerPort int port;
    @Autowired IngestService ingest;
    @Autowired JdbcTemplate jdbc;
    @Autowired ObjectMapper json;


    @BeforeEach
    void fresh() {
        ACME.resetAll();
        ingest.ingest("vendor-sf", EntityType.PARTNER, List.of(salesforcePartner("001A", "acme", "Acme", "Gold", "2026-11-21T08:59:00.000+0000")), null);
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("a 500", aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"error\",\"message\":\"internal error\",\"category\":\"INTERNAL_ERROR\"}"), 7001L, "9301"),
                Arguments.of("a connection reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), 7101L, "9302"));
    }

    @ParameterizedTest(name = "after {0}")
    @MethodSource("faults")
    @DisplayName("are answered 5xx and not taken in; HubSpot's retry of the same event ids reads the deal into the store")
    void retryAfterFailedRead(String fault, ResponseDefinitionBuilder failedRead, long eventId, String dealId) throws Exception {
        ACME.stubFor(post(urlPathEqualTo(BATCH_READ)).inScenario(fault).whenScenarioStateIs(STARTED).willReturn(failedRead));
        ACME.stubFor(post(urlPathEqualTo(BATCH_READ)).inScenario(fault).whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(json.writeValueAsString(Map.of("status", "COMPLETE", "results",
                                List.of(hubspotDeal(dealId, "Retried deal " + dealId, "4100", "2026-11-27T11:00:00.000Z")))))));
        String body = json.writeValueAsString(List.of(
                event(eventId, dealId, "deal.propertyChange", "amount", "4100"),
                event(eventId + 1, dealId, "deal.creation", null, null)));

        HttpResponse<String> first = send(body); // the portal fails every batch read, the client's own retries included
        ACME.setScenarioState(fault, "recovered");
        int failedReads = ACME.findAll(postRequestedFor(urlPathEqualTo(BATCH_READ))).size();

        assertThat(first.statusCode()).as("the failed read is not answered as processed: %s", first.body()).isBetween(500, 599);
        assertThat(json.readTree(first.body()).path("new").asInt()).isZero();
        assertThat(dealNames(dealId)).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from webhook_event where connector = 'acme-hubspot' and event_id in (?, ?)",
                Integer.class, String.valueOf(eventId), String.valueOf(eventId + 1))).as("no event recorded as taken in").isZero();

        HttpResponse<String> retry = send(body);

        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(json.readTree(retry.body()).path("new").asInt()).isEqualTo(2);
        assertThat(dealNames(dealId)).containsExactly("Retried deal " + dealId);

        HttpResponse<String> redelivered = send(body);

        assertThat(json.readTree(redelivered.body()).path("new").asInt()).as("once taken in, a redelivery is skipped").isZero();
        assertThat(ACME.findAll(postRequestedFor(urlPathEqualTo(BATCH_READ)))).as("one read for the retry, none for the redelivery").hasSize(failedReads + 1);
    }

    private List<String> dealNames(String dealId) {
        return jdbc.queryForList("select d.name from deal d join external_ref r on r.entity_id = d.id"
                + " where r.connector = 'acme-hubspot' and r.external_id = ?", String.class, dealId);
    }

    private static Map<String, Object> event(long eventId, String objectId, String type, String property, String value) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", eventId);
        event.put("subscriptionId", 2345);
        event.put("portalId", 62515);
        event.put("appId", 54321);
        event.put("occurredAt", 1795770000000L);
        event.put("subscriptionType", type);
        event.put("attemptNumber", 0);
        event.put("objectId", Long.parseLong(objectId));
        if (property != null) {
            event.put("propertyName", property);
            event.put("propertyValue", value);
        }
        event.put("changeSource", "CRM");
        return event;
    }

    /** Posts {@code body} signed as HubSpot sends a delivery and each retry. */
    private HttpResponse<String> send(String body) throws Exception {
        return SignedWebhooks.post(port, body, body, Instant.now(), "app-secret-acme");
    }
}
