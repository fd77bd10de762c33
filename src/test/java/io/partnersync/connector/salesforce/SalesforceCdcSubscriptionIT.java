package io.partnersync.connector.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.partnersync.support.Records.salesforceOpportunity;
import static io.partnersync.support.Records.salesforcePartner;
import static io.partnersync.support.SalesforceFake.json;
import static io.partnersync.support.SalesforceFake.page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.partnersync.canonical.EntityType;
import io.partnersync.sync.IngestService;
import io.partnersync.support.Connectors;
import io.partnersync.support.IntegrationTest;
import io.partnersync.support.SalesforceFake;
import io.partnersync.support.StoreTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Change Data Capture subscription end to end: camel-salesforce's Streaming API consumer does
 * the Bayeux handshake, subscribes to /data/OpportunityChangeEvent and long-polls a WireMock org
 * that delivers one change event; the changed record is read back and stored.
 */
@IntegrationTest
@DisplayName("Salesforce Change Data Capture subscription")
class SalesforceCdcSubscriptionIT extends StoreTest {

    static final SalesforceFake SALESFORCE = new SalesforceFake().start();
    static final String CLIENT_ID = "31y1f2fyn2pq8h1f1x7mhkxfqp0";

    /** Bayeux replies must carry the id of the message they answer. */
    static final String ID = "\"id\":\"{{jsonPath request.body '$[0].id'}}\"";
    static final String CLIENT = "\"clientId\":\"" + CLIENT_ID + "\"";

    static {
        var server = SALESFORCE.server();
        server.stubFor(bayeux("/meta/handshake", null, null, "[{\"channel\":\"/meta/handshake\",\"successful\":true," + CLIENT + ",\"version\":\"1.0\","
                + "\"minimumVersion\":\"1.0\",\"supportedConnectionTypes\":[\"long-polling\"],\"ext\":{\"replay\":true,\"payload.format\":true}," + ID + "}]"));
        server.stubFor(bayeux("/meta/subscribe", null, "subscribed, no event yet", "[{\"channel\":\"/meta/subscribe\",\"successful\":true," + CLIENT
                + ",\"subscription\":\"/data/OpportunityChangeEvent\"," + ID + "}]"));
        server.stubFor(bayeux("/meta/disconnect", null, null, "[{\"channel\":\"/meta/disconnect\",\"successful\":true," + CLIENT + "," + ID + "}]"));
        String connected = "{\"channel\":\"/meta/connect\",\"successful\":true," + CLIENT + ",\"advice\":{\"reconnect\":\"retry\",\"interval\":0,\"timeout\":110000}," + ID + "}";
        server.stubFor(bayeux("/meta/connect", null, null, "[" + connected + "]").atPriority(5));
        server.stubFor(bayeux("/meta/connect", "subscribed", "delivered", "[{\"channel\":\"/data/OpportunityChangeEvent\",\"data\":{"
                + "\"schema\":\"IeRuaY6cbI_HsV8Rv1Mc5g\",\"payload\":{\"ChangeEventHeader\":{\"entityName\":\"Opportunity\",\"recordIds\":[\"006SUB1\"],"
                + "\"changeType\":\"CREATE\",\"changeOrigin\":\"com/salesforce/api/soap/62.0;client=SfdcInternalAPI/\","
                + "\"transactionKey\":\"0002343d-9d90-e395-ed20-cf416ba652ad\",\"sequenceNumber\":1,\"commitTimestamp\":1795770000000,"
                + "\"commitNumber\":10960152108,\"commitUser\":\"005B0000005lewTIAQ\",\"changedFields\":[]},\"Name\":\"Subscribed deal\"},"
                + "\"event\":{\"replayId\":4711}}}," + connected + "]").atPriority(1));
        server.stubFor(get(urlPathEqualTo("/services/data/v62.0/queryAll/")).withQueryParam("q", containing("IN ('006SUB1')"))
                .willReturn(json(200, page(List.of(salesforceOpportunity("006SUB1", "001A", "Subscribed deal", 4200,
                        "2026-11-27T12:00:00.000+0000")), null, 1))));
    }

    /** A Bayeux endpoint of the fake org; long-polls answer after a short delay so the client does not spin. */
    static com.github.tomakehurst.wiremock.client.MappingBuilder bayeux(String channel, String whenState, String thenState, String body) {
        com.github.tomakehurst.wiremock.client.MappingBuilder stub = post(urlPathMatching("/cometd/62\\.0.*")).withRequestBody(containing(channel));
        if (whenState != null || thenState != null) {
            var scenario = stub.inScenario("cdc").whenScenarioStateIs(whenState == null ? Scenario.STARTED : whenState);
            stub = thenState == null ? scenario : scenario.willSetStateTo(thenState);
        }
        return stub.willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json;charset=UTF-8").withBody(body).withTransformers("response-template")
                .withFixedDelay(channel.equals("/meta/connect") ? 200 : 0));
    }

    @Autowired IngestService ingest;
    @Autowired JdbcTemplate jdbc;

    @DynamicPropertySource
    static void vendorOrg(DynamicPropertyRegistry registry) {
        Connectors.salesforceVendor(registry, 0, SALESFORCE::url, "partner,deal", "CDC_SF");
        registry.add("partnersync.connectors[0].salesforce.change-events", () -> "deal");
    }

    @Test
    @DisplayName("a change event arriving on the subscription is stored and its replay id kept")
    void eventThroughSubscription() {
        ingest.ingest("vendor-sf", EntityType.PARTNER, List.of(salesforcePartner("001A", "acme", "Acme", "Gold", "2026-11-21T08:59:00.000+0000")), null);
        await().atMost(Duration.ofSeconds(20)).until(() -> SALESFORCE.server().getAllScenarios().getScenarios().stream()
                .anyMatch(s -> s.getState().equals("subscribed, no event yet")));
        SALESFORCE.server().setScenarioState("cdc", "subscribed");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "select replay_id from sync_checkpoint where connector = 'vendor-sf' and entity_type = 'DEAL'", String.class)).containsExactly("4711"));

        assertThat(jdbc.queryForObject("select d.amount from deal d join external_ref r on r.entity_id = d.id where r.external_id = '006SUB1'",
                java.math.BigDecimal.class)).isEqualByComparingTo("4200");
        assertThat(SALESFORCE.server().findAll(postRequestedFor(urlPathMatching("/cometd/62\\.0.*")).withRequestBody(containing("/data/OpportunityChangeEvent"))))
                .as("subscribed to the Opportunity change channel, with no stored replay id yet: new events only")
                .anySatisfy(r -> assertThat(r.getBodyAsString()).contains("\"ext\":{\"replay\":{\"/data/OpportunityChangeEvent\":-1}}"));
    }
}
