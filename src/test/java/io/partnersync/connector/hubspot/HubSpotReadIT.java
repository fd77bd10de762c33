package io.partnersync.connector.hubspot;

import io.partnersync.sync.IncrementalReads;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.partnersync.support.Records.hubspotDeal;
import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.partnersync.canonical.EntityType;
import io.partnersync.sync.IngestService;
import io.partnersync.support.IntegrationTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Incremental reads from a partner portal through our HubSpot client and CRM search, against WireMock. */
@IntegrationTest
@DisplayName("HubSpot incremental read")
class HubSpotReadIT extends HubSpotTest {

    static final String SEARCH = "/crm/v3/objects/deals/search";

    @Autowired IncrementalReads poller;
    @Autowired IngestService ingest;
    @Autowired JdbcTemplate jdbc;
    @Autowired ObjectMapper json;
    @Autowired io.partnersync.sync.StartChecks schemaCheck;
    @Autowired io.partnersync.config.PartnerSyncProperties properties;
    @Autowired io.partnersync.sync.ConnectorStates states;

    @Autowired HubSpotClients clients;
    @Autowired org.springframework.boot.resttestclient.TestRestTemplate http;

    @BeforeEach
    void fresh() {
        clients.resume("acme-hubspot");
        clients.resume("globex-hubspot");
        ACME.resetAll();
        GLOBEX.resetAll();
        jdbc.update("delete from sync_checkpoint");
        ingest.ingest("vendor-sf", EntityType.PARTNER, List.of(
                salesforcePartner("001A", "acme", "Acme", "Gold", "2026-11-21T08:59:00.000+0000")), null);
    }

    @Test
    @DisplayName("searches by last modification, ascending, 200 a page, following 'after', with the checkpoint saved per page; a stop between pages resumes from it")
    void pagingAndResume() throws Exception {
        ACME.stubFor(post(urlPathEqualTo(SEARCH)).inScenario("read").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("page 2")
                .willReturn(page(List.of(deal("9001", "2026-11-25T10:00:00.000Z"), deal("9002", "2026-11-25T10:05:00.000Z")), "2", 3)));
        ACME.stubFor(post(urlPathEqualTo(SEARCH)).inScenario("read").whenScenarioStateIs("page 2")
                .willReturn(aResponse().withStatus(502).withBody("{\"status\":\"error\",\"message\":\"Bad gateway\",\"category\":\"INTERNAL_ERROR\"}")));

        assertThatThrownBy(() -> poller.read("acme-hubspot", EntityType.DEAL)).hasMessageContaining("502");
        assertThat(jdbc.queryForObject("select cursor_id from sync_checkpoint where connector = 'acme-hubspot' and entity_type = 'DEAL'", String.class))
                .isEqualTo("9002");
        assertThat(ACME.findAll(postRequestedFor(urlPathEqualTo(SEARCH)))).as("the failed page was tried " + HubSpotClient.ATTEMPTS + " times")
                .hasSize(1 + HubSpotClient.ATTEMPTS);
        ACME.resetRequests();

        ACME.stubFor(post(urlPathEqualTo(SEARCH)).inScenario("read").whenScenarioStateIs("resumed")
                .willReturn(page(List.of(deal("9002", "2026-11-25T10:05:00.000Z"), deal("9003", "2026-11-25T10:06:00.000Z")), null, 2)));
        ACME.setScenarioState("read", "resumed");
        var result = poller.read("acme-hubspot", EntityType.DEAL);

        assertThat(result.records()).isEqualTo(2);
        var requests = ACME.findAll(postRequestedFor(urlPathEqualTo(SEARCH)));
        assertThat(requests).as("one search resumes the read").hasSize(1);
        JsonNode resumed = json.readTree(requests.get(0).getBodyAsString());
        assertThat(resumed.at("/sorts/0/propertyName").asText()).isEqualTo("hs_lastmodifieddate");
        assertThat(resumed.at("/sorts/0/direction").asText()).isEqualTo("ASCENDING");
        assertThat(resumed.at("/filterGroups/0/filters/0/operator").asText()).isEqualTo("GTE");
        assertThat(resumed.path("limit").asInt()).isEqualTo(200);
        assertThat(resumed.path("properties").toString()).contains("dealname").contains("partnersync_customer_domain").contains("partnersync_id");
        assertThat(resumed.at("/filterGroups/0/filters/0/value").asLong()).as("resumes at the cursor, not the look-back before it")
                .isEqualTo(Instant.parse("2026-11-25T10:05:00Z").toEpochMilli());
        assertThat(resumed.has("after")).isFalse();
        assertThat(jdbc.queryForList("select external_id from external_ref where connector = 'acme-hubspot' and entity_type = 'DEAL' and external_id like '900%' order by 1", String.class))
                .containsExactly("9001", "9002", "9003");
    }

    @Test
    @DisplayName("when a search reaches HubSpot's 10,000-result stop, a new search starts from the last modification time reached: nothing skipped")
    void tenThousandWindowSplit() throws Exception {
        ACME.stubFor(post(urlPathEqualTo(SEARCH)).inScenario("cap").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("narrowed")
                .willReturn(page(List.of(deal("8001", "2026-11-26T08:00:00.000Z"), deal("8002", "2026-11-26T09:00:00.000Z")), "10000", 10_002)));
        ACME.stubFor(post(urlPathEqualTo(SEARCH)).inScenario("cap").whenScenarioStateIs("narrowed")
                .willReturn(page(List.of(deal("8002", "2026-11-26T09:00:00.000Z"), deal("8003", "2026-11-26T09:30:00.000Z")), null, 2)));

        var result = poller.read("acme-hubspot", EntityType.DEAL);

        assertThat(result.queries()).isEqualTo(2);
        var requests = ACME.findAll(postRequestedFor(urlPathEqualTo(SEARCH)));
        assertThat(requests).hasSize(2);
        JsonNode narrowed = json.readTree(requests.get(1).getBodyAsString());
        assertThat(narrowed.has("after")).as("never pages past 10,000").isFalse();
        assertThat(narrowed.at("/filterGroups/0/filters/0/value").asLong()).isEqualTo(Instant.parse("2026-11-26T09:00:00Z").toEpochMilli());
        assertThat(jdbc.queryForList("select external_id from external_ref where connector = 'acme-hubspot' and external_id like '800%' order by 1",
                String.class)).containsExactly("8001", "8002", "8003");
    }

    @Test
    @DisplayName("a daily-limit 429 pauses only that portal, without further calls; the other portal goes on; an operator can lift the pause")
    void dailyLimitPausesOnePortal() throws Exception {
        GLOBEX.stubFor(post(urlPathEqualTo(SEARCH)).willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"error\",\"message\":\"You have reached your daily limit.\",\"errorType\":\"RATE_LIMIT\","
                        + "\"correlationId\":\"c0ffee00-1111-2222-3333-444455556666\",\"policyName\":\"DAILY\",\"groupName\":\"publicapi\"}")));
        ACME.stubFor(post(urlPathEqualTo(SEARCH)).willReturn(page(List.of(deal("7001", "2026-11-27T08:00:00.000Z")), null, 1)));
        ingest.ingest("vendor-sf", EntityType.PARTNER, List.of(salesforcePartner("001G", "globex", "Globex", "Silver", "2026-11-21T08:59:00.000+0000")), null);

        assertThatThrownBy(() -> poller.read("globex-hubspot", EntityType.DEAL)).hasMessageContaining("daily limit");
        assertThatThrownBy(() -> poller.read("globex-hubspot", EntityType.DEAL)).hasMessageContaining("paused until");
        var acme = poller.read("acme-hubspot", EntityType.DEAL);

        assertThat(GLOBEX.findAll(postRequestedFor(urlPathEqualTo(SEARCH)))).as("no call while paused").hasSize(1);
        assertThat(acme.records()).isEqualTo(1);

        // the operator, told the limit was raised, lifts the pause: the portal is read again
        GLOBEX.stubFor(post(urlPathEqualTo(SEARCH)).willReturn(page(List.of(deal("7101", "2026-11-27T08:00:00.000Z")), null, 1)));
        assertThat(http.withBasicAuth("ops", "ops-test-password").postForEntity("/api/connectors/globex-hubspot/resume", null, Map.class).getStatusCode().value()).isEqualTo(200);
        assertThat(http.withBasicAuth("ops", "ops-test-password").postForEntity("/api/connectors/no-such-connector/resume", null, Map.class).getStatusCode().value()).isEqualTo(404);
        assertThat(poller.read("globex-hubspot", EntityType.DEAL).records()).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from audit_event where action = 'connector-resumed' and reason like '%globex-hubspot%'",
                Integer.class)).isEqualTo(1);
    }

    @Test
    @DisplayName("a portal missing the unique PartnerSync-id property is stopped with a message naming portal, object and property")
    void missingPropertyStopsThatPortal() {
        GLOBEX.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/crm/v3/properties/deals/partnersync_id")
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"error\",\"message\":\"Unable to find property partnersync_id\",\"category\":\"OBJECT_NOT_FOUND\"}")));
        GLOBEX.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/crm/v3/properties/(contacts|companies)/partnersync_id"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson("{\"name\":\"partnersync_id\",\"hasUniqueValue\":true}")));
        ACME.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/crm/v3/properties/(deals|contacts|companies)/partnersync_id"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson("{\"name\":\"partnersync_id\",\"hasUniqueValue\":true}")));

        assertThat(schemaCheck.check(properties.connector("globex-hubspot").orElseThrow())).isFalse();
        assertThat(schemaCheck.check(properties.connector("acme-hubspot").orElseThrow())).isTrue();

        assertThat(states.isStopped("globex-hubspot")).isTrue();
        assertThat(states.get("globex-hubspot")).get().extracting(io.partnersync.sync.ConnectorStates.State::summary).asString()
                .contains("globex-hubspot").contains("'deals'").contains("'partnersync_id'").contains("unique value");
        assertThat(states.isStopped("acme-hubspot")).isFalse();
        assertThat(jdbc.queryForObject("select count(*) from audit_event where actor = 'globex-hubspot' and action = 'connector-stopped'", Integer.class))
                .isEqualTo(1);
    }

    private com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder page(List<Map<String, Object>> results, String after, int total) throws Exception {
        Map<String, Object> body = after == null ? Map.of("total", total, "results", results)
                : Map.of("total", total, "results", results, "paging", Map.of("next", Map.of("after", after, "link", "?after=" + after)));
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(json.writeValueAsString(body));
    }

    private static Map<String, Object> deal(String id, String modified) {
        return hubspotDeal(id, "Portal deal " + id, "1000", modified);
    }
}
