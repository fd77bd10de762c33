package io.partnersync.connector.salesforce;

import io.partnersync.sync.IncrementalReads;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.partnersync.support.Records.salesforceOpportunity;
import static io.partnersync.support.Records.salesforcePartner;
import static io.partnersync.support.SalesforceFake.json;
import static io.partnersync.support.SalesforceFake.page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.partnersync.canonical.EntityType;
import io.partnersync.sync.spi.FailureCategory;
import io.partnersync.support.IntegrationTest;
import io.partnersync.support.SalesforceFake;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** camel-salesforce itself, logged in and reading from a WireMock Salesforce. */
@IntegrationTest
@DisplayName("Salesforce incremental read")
class SalesforceReadIT extends SalesforceTest {

    static final String QUERY_ALL = "/services/data/v62.0/queryAll/";

    @Autowired IncrementalReads poller;
    @Autowired SalesforceLimits limits;
    @Autowired JdbcTemplate jdbc;
    @Autowired io.micrometer.core.instrument.MeterRegistry meters;

    @BeforeEach
    void freshOrg() {
        SALESFORCE.reset();
        limits.resume("vendor-sf");
        jdbc.update("delete from sync_checkpoint");
    }

    @Test
    @DisplayName("follows nextRecordsUrl page by page and saves the checkpoint with each page")
    void pagesAndCheckpoint() {
        SALESFORCE.server().stubFor(get(urlPathEqualTo(QUERY_ALL)).willReturn(json(200, page(List.of(
                salesforcePartner("001P1", "p1", "Partner One", "Gold", "2026-11-20T08:00:00.000+0000"),
                salesforcePartner("001P2", "p2", "Partner Two", "Silver", "2026-11-20T08:01:00.000+0000")),
                "/services/data/v62.0/query/01gB000003OCxSPIA1-2", 3))));
        SALESFORCE.server().stubFor(get(urlPathEqualTo("/services/data/v62.0/query/01gB000003OCxSPIA1-2")).willReturn(json(200, page(List.of(
                salesforcePartner("001P3", "p3", "Partner Three", "Platinum", "2026-11-20T08:02:00.000+0000")), null, 3))));

        var result = poller.read("vendor-sf", EntityType.PARTNER);

        assertThat(result.pages()).isEqualTo(2);
        assertThat(result.records()).isEqualTo(3);
        assertThat(jdbc.queryForList("select key from partner where key like 'p_' order by key", String.class)).containsExactly("p1", "p2", "p3");
        assertThat(jdbc.queryForMap("select cursor_id, cursor_ts from sync_checkpoint where connector = 'vendor-sf' and entity_type = 'PARTNER'"))
                .containsEntry("cursor_id", "001P3");
        LoggedRequest first = SALESFORCE.server().findAll(getRequestedFor(urlPathEqualTo(QUERY_ALL))).get(0);
        assertThat(first.queryParameter("q").firstValue())
                .startsWith("SELECT Id, SystemModstamp, IsDeleted, PartnerSync_Key__c, Name")
                .contains("FROM Account WHERE (IsPartner = true) ORDER BY SystemModstamp, Id");
        assertThat(first.getHeader("Authorization")).isEqualTo("Bearer " + SalesforceFake.ACCESS_TOKEN);
        assertThat(first.getHeader("Sforce-Query-Options")).as("Salesforce's maximum page: a backfill costs the fewest query calls").isEqualTo("batchSize=2000");
        assertThat(SALESFORCE.server().findAll(postRequestedFor(urlPathEqualTo("/services/oauth2/token"))))
                .allSatisfy(login -> assertThat(login.getBodyAsString()).contains("grant_type=client_credentials").contains("client_id=3MVG9-test_sf"));
    }

    @Test
    @DisplayName("after a stop between pages, the next read resumes at the checkpoint: nothing missed, nothing duplicated, even with one SystemModstamp across the page boundary")
    void resumeAfterStop() {
        String sameStamp = "2026-11-21T09:00:00.000+0000";
        SALESFORCE.server().stubFor(get(urlPathEqualTo(QUERY_ALL)).inScenario("stop").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, page(List.of(
                        opportunity("0060", "2026-11-21T08:59:00.000+0000"),
                        opportunity("006A", sameStamp)), "/services/data/v62.0/query/01gSTOP-2", 4)))
                .willSetStateTo("first read"));
        SALESFORCE.server().stubFor(get(urlPathEqualTo("/services/data/v62.0/query/01gSTOP-2"))
                .willReturn(json(503, List.of(Map.of("message", "Service unavailable", "errorCode", "SERVER_UNAVAILABLE")))));
        ingestPartnerAcme();

        assertThatThrownBy(() -> poller.read("vendor-sf", EntityType.DEAL)).isInstanceOf(SalesforceApiException.class);
        assertThat(jdbc.queryForObject("select cursor_id from sync_checkpoint where connector = 'vendor-sf' and entity_type = 'DEAL'", String.class))
                .as("the first page was committed with its checkpoint").isEqualTo("006A");

        SALESFORCE.server().stubFor(get(urlPathEqualTo(QUERY_ALL)).inScenario("stop").whenScenarioStateIs("first read")
                .willReturn(json(200, page(List.of(opportunity("006A", sameStamp), opportunity("006B", sameStamp),
                        opportunity("006C", "2026-11-21T09:05:00.000+0000")), null, 3))));
        var result = poller.read("vendor-sf", EntityType.DEAL);

        assertThat(result.records()).isEqualTo(3);
        List<String> dealQueries = SALESFORCE.server().findAll(getRequestedFor(urlPathEqualTo(QUERY_ALL))).stream()
                .map(r -> r.queryParameter("q").firstValue()).filter(q -> q.contains("FROM Opportunity")).toList();
        assertThat(dealQueries.get(0)).as("the first read starts from the beginning").endsWith("FROM Opportunity ORDER BY SystemModstamp, Id");
        String resumed = dealQueries.get(1);
        assertThat(resumed).as("resumes strictly after the cursor (SystemModstamp, Id), not at the look-back before it")
                .contains("WHERE (SystemModstamp > 2026-11-21T09:00:00.000Z OR (SystemModstamp = 2026-11-21T09:00:00.000Z AND Id > '006A'))"
                        + " ORDER BY SystemModstamp, Id");
        assertThat(jdbc.queryForList("select external_id from external_ref where connector = 'vendor-sf' and entity_type = 'DEAL'"
                + " and external_id in ('0060', '006A', '006B', '006C') order by 1", String.class)).containsExactly("0060", "006A", "006B", "006C");
        assertThat(jdbc.queryForObject("select count(*) from deal d join external_ref r on r.entity_id = d.id where r.connector = 'vendor-sf'"
                + " and r.external_id in ('0060', '006A', '006B', '006C')", Integer.class)).as("one deal each, none twice").isEqualTo(4);
        assertThat(jdbc.queryForObject("select version from deal d join external_ref r on r.entity_id = d.id where r.external_id = '006A'", Long.class))
                .as("the re-read record changed nothing").isEqualTo(1L);
    }

    @Test
    @DisplayName("a record Salesforce shows late, inside the look-back window, is picked up")
    void lateRecordInLookBack() {
        ingestPartnerAcme();
        SALESFORCE.server().stubFor(get(urlPathEqualTo(QUERY_ALL)).inScenario("late").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, page(List.of(opportunity("006L1", "2026-11-22T10:00:00.000+0000")), null, 1))).willSetStateTo("again"));
        poller.read("vendor-sf", EntityType.DEAL);
        SALESFORCE.server().stubFor(get(urlPathEqualTo(QUERY_ALL)).inScenario("late").whenScenarioStateIs("again")
                .willReturn(json(200, page(List.of(opportunity("006L0", "2026-11-22T09:59:10.000+0000"),
                        opportunity("006L1", "2026-11-22T10:00:00.000+0000")), null, 2))));

        poller.read("vendor-sf", EntityType.DEAL);

        assertThat(jdbc.queryForObject("select count(*) from external_ref where connector = 'vendor-sf' and external_id = '006L0'", Integer.class))
                .isEqualTo(1);
    }

    @Test
    @DisplayName("a deletion seen through queryAll (IsDeleted) archives the deal")
    void deletion() {
        ingestPartnerAcme();
        var deleted = opportunity("006DEL", "2026-11-23T10:00:00.000+0000");
        SALESFORCE.server().stubFor(get(urlPathEqualTo(QUERY_ALL)).inScenario("delete").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, page(List.of(deleted), null, 1))).willSetStateTo("deleted"));
        poller.read("vendor-sf", EntityType.DEAL);
        deleted.put("IsDeleted", true);
        deleted.put("SystemModstamp", "2026-11-23T11:00:00.000+0000");
        SALESFORCE.server().stubFor(get(urlPathEqualTo(QUERY_ALL)).inScenario("delete").whenScenarioStateIs("deleted")
                .willReturn(json(200, page(List.of(deleted), null, 1))));

        poller.read("vendor-sf", EntityType.DEAL);

        assertThat(jdbc.queryForObject("select d.archived_at is not null from deal d join external_ref r on r.entity_id = d.id where r.external_id = '006DEL'",
                Boolean.class)).isTrue();
    }

    @Test
    @DisplayName("an expired session (401) logs in again and the read goes on")
    void reloginAfter401() {
        SALESFORCE.server().stubFor(get(urlPathEqualTo(QUERY_ALL)).inScenario("expired").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(401, List.of(Map.of("message", "Session expired or invalid", "errorCode", "INVALID_SESSION_ID"))))
                .willSetStateTo("renewed"));
        SALESFORCE.server().stubFor(get(urlPathEqualTo(QUERY_ALL)).inScenario("expired").whenScenarioStateIs("renewed")
                .willReturn(json(200, page(List.of(salesforcePartner("001RL", "relogin", "Relogin Partner", "Gold",
                        "2026-11-20T08:00:00.000+0000")), null, 1))));
        int loginsBefore = SALESFORCE.server().findAll(postRequestedFor(urlPathEqualTo("/services/oauth2/token"))).size();

        poller.read("vendor-sf", EntityType.PARTNER);

        assertThat(jdbc.queryForObject("select name from partner where key = 'relogin'", String.class)).isEqualTo("Relogin Partner");
        assertThat(SALESFORCE.server().findAll(postRequestedFor(urlPathEqualTo("/services/oauth2/token"))).size()).isGreaterThan(loginsBefore);
        assertThat(SALESFORCE.server().findAll(getRequestedFor(urlPathEqualTo(QUERY_ALL)))).hasSize(2);
    }

    @Test
    @DisplayName("a server error is retried with backoff and the read goes on")
    void serverErrorRetried() {
        SALESFORCE.server().stubFor(get(urlPathEqualTo(QUERY_ALL)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(503, List.of(Map.of("message", "Service unavailable", "errorCode", "SERVER_UNAVAILABLE")))).willSetStateTo("up"));
        SALESFORCE.server().stubFor(get(urlPathEqualTo(QUERY_ALL)).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(json(200, page(List.of(salesforcePartner("001RT", "retried", "Retried Partner", "Gold",
                        "2026-11-20T08:00:00.000+0000")), null, 1))));

        poller.read("vendor-sf", EntityType.PARTNER);

        assertThat(jdbc.queryForObject("select name from partner where key = 'retried'", String.class)).isEqualTo("Retried Partner");
        assertThat(SALESFORCE.server().findAll(getRequestedFor(urlPathEqualTo(QUERY_ALL)))).hasSize(2);
    }

    @Test
    @DisplayName("REQUEST_LIMIT_EXCEEDED pauses polling instead of retrying in a tight loop")
    void requestLimitExceeded() {
        SALESFORCE.server().stubFor(get(urlPathEqualTo(QUERY_ALL)).willReturn(json(403,
                List.of(Map.of("message", "TotalRequests Limit exceeded.", "errorCode", "REQUEST_LIMIT_EXCEEDED")))));

        assertThatThrownBy(() -> poller.read("vendor-sf", EntityType.PARTNER))
                .isInstanceOfSatisfying(SalesforceApiException.class, e -> {
                    assertThat(e.category()).isEqualTo(FailureCategory.RATE_LIMIT);
                    assertThat(e.errorCode()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
                });
        var second = poller.read("vendor-sf", EntityType.PARTNER);

        assertThat(second.skippedBecause()).get().asString().contains("REQUEST_LIMIT_EXCEEDED");
        assertThat(SALESFORCE.server().findAll(getRequestedFor(urlPathMatching("/services/data/.*")))).as("no second call").hasSize(1);
    }

    @Test
    @DisplayName("usage past the configured share of the daily allowance stops polling and is shown")
    void quotaStop() {
        SALESFORCE.server().stubFor(get(urlPathEqualTo(QUERY_ALL)).willReturn(json(200, page(List.of(), null, 0))
                .withHeader("Sforce-Limit-Info", "api-usage=13600/15000")));

        poller.read("vendor-sf", EntityType.PARTNER);
        var next = poller.read("vendor-sf", EntityType.PARTNER);

        assertThat(next.skippedBecause()).get().asString().contains("13600/15000").contains("90%");
        assertThat(limits.usage("vendor-sf")).get().extracting(SalesforceLimits.Usage::used).isEqualTo(13600L);
        assertThat(meters.get("partnersync.salesforce.api.used").tag("connector", "vendor-sf").gauge().value()).isEqualTo(13600.0);
        assertThat(meters.get("partnersync.salesforce.api.allowed").tag("connector", "vendor-sf").gauge().value()).isEqualTo(15000.0);
        assertThat(SALESFORCE.server().findAll(getRequestedFor(urlPathEqualTo(QUERY_ALL)))).hasSize(1);
        assertThat(SALESFORCE.server().findAll(getRequestedFor(urlPathEqualTo(QUERY_ALL)).withHeader("Authorization",
                equalTo("Bearer " + SalesforceFake.ACCESS_TOKEN)))).hasSize(1);
    }

    private void ingestPartnerAcme() {
        SALESFORCE.server().stubFor(get(urlPathEqualTo(QUERY_ALL)).withQueryParam("q", com.github.tomakehurst.wiremock.client.WireMock.containing("FROM Account"))
                .atPriority(1)
                .willReturn(json(200, page(List.of(salesforcePartner("001A", "acme", "Acme", "Gold", "2026-11-21T08:59:00.000+0000")), null, 1))));
        poller.read("vendor-sf", EntityType.PARTNER);
    }

    private static Map<String, Object> opportunity(String id, String modstamp) {
        return salesforceOpportunity(id, "001A", "Opportunity " + id, 1000, modstamp);
    }
}
