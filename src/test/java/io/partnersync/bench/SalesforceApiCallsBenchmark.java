package io.partnersync.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.partnersync.support.Records.hubspotDeal;
import static io.partnersync.support.Records.salesforceOpportunity;
import static io.partnersync.support.Records.salesforcePartner;
import static io.partnersync.support.SalesforceFake.json;
import static io.partnersync.support.SalesforceFake.page;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.partnersync.canonical.EntityType;
import io.partnersync.sync.OutboxRelay;
import io.partnersync.sync.IncrementalReads;
import io.partnersync.support.Connectors;
import io.partnersync.support.IntegrationTest;
import io.partnersync.support.SalesforceFake;
import io.partnersync.sync.IngestService;
import io.partnersync.support.StoreTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Not a test: counts the Salesforce API calls PartnerSync makes to read 10,000 changed records and
 * to write 10,000, against a WireMock org, and compares them with the minimum (5 query pages of
 * 2,000; 50 sObject Collections calls of 200). {@code mvn -Pbench verify}; figures go to stdout and
 * {@code target/benchmark/salesforce-api-calls.txt}.
 */
@IntegrationTest
class SalesforceApiCallsBenchmark extends StoreTest {

    static final SalesforceFake SALESFORCE = new SalesforceFake().start();
    static final int RECORDS = 10_000;

    @Autowired IncrementalReads poller;
    @Autowired OutboxRelay relay;
    @Autowired IngestService ingest;
    @Autowired JdbcTemplate jdbc;

    /** Queues {@code count} partner deals for Salesforce, relays until delivered; returns {API calls, single-record calls}. */
    private int[] write(int count, String prefix, boolean bulk) {
        for (int from = 0; from < count; from += 2000) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(from + 2000, count); i++) {
                batch.add(hubspotDeal(prefix + i, "Partner deal " + i, String.valueOf(500 + i), "2026-11-25T08:00:00Z"));
            }
            ingest.ingest("acme-hubspot", EntityType.DEAL, batch, null);
        }
        SALESFORCE.server().resetAll();
        SALESFORCE.stubLogin();
        List<java.util.UUID> ids = jdbc.queryForList("select entity_id from outbox where target_connector = 'vendor-sf'", java.util.UUID.class);
        if (bulk) {
            stubBulkJob(ids);
        } else {
            SALESFORCE.server().stubFor(patch(urlPathMatching("/services/data/v62.0/composite/sobjects/Opportunity/PartnerSync_Id__c"))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withHeader("Sforce-Limit-Info", "api-usage=40/15000")
                            .withBody("[{{#each (jsonPath request.body '$.records') as |r|}}{\"id\":\"006{{randomValue length=15 type='ALPHANUMERIC'}}\","
                                    + "\"success\":true,\"errors\":[],\"created\":true}{{#unless @last}},{{/unless}}{{/each}}]")
                            .withTransformers("response-template")));
        }
        int written = 0;
        for (int run = 0; run < 100 && written < count; run++) {
            written += relay.relay("vendor-sf");
        }
        assertThat(written).isEqualTo(count);
        List<LoggedRequest> calls = SALESFORCE.server().findAll(anyRequestedFor(urlPathMatching("/services/data/.*")));
        long single = calls.stream().filter(r -> r.getUrl().contains("/sobjects/") && !r.getUrl().contains("/composite/")).count();
        return new int[] {calls.size(), (int) single};
    }

    private void stubBulkJob(List<java.util.UUID> ids) {
        String job = "/services/data/v62.0/jobs/ingest/7505f00000BENCHAAQ/";
        SALESFORCE.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/services/data/v62.0/jobs/ingest/"))
                .willReturn(json(200, Map.of("id", "7505f00000BENCHAAQ", "state", "Open", "object", "Opportunity", "operation", "upsert"))));
        SALESFORCE.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.put(urlPathEqualTo(job + "batches/")).willReturn(aResponse().withStatus(201)));
        SALESFORCE.server().stubFor(patch(urlPathEqualTo(job)).willReturn(json(200, Map.of("id", "7505f00000BENCHAAQ", "state", "UploadComplete"))));
        SALESFORCE.server().stubFor(get(urlPathEqualTo(job)).willReturn(json(200, Map.of("id", "7505f00000BENCHAAQ", "state", "JobComplete"))));
        StringBuilder ok = new StringBuilder("\"sf__Id\",\"sf__Created\",\"PartnerSync_Id__c\"\n");
        for (int i = 0; i < ids.size(); i++) {
            ok.append(String.format("\"006B%011d\",\"true\",\"%s\"%n", i, ids.get(i)));
        }
        SALESFORCE.server().stubFor(get(urlPathEqualTo(job + "successfulResults/")).willReturn(aResponse().withStatus(200).withBody(ok.toString())));
        SALESFORCE.server().stubFor(get(urlPathEqualTo(job + "failedResults/")).willReturn(aResponse().withStatus(200)
                .withBody("\"sf__Id\",\"sf__Error\",\"PartnerSync_Id__c\"\n")));
    }

    @DynamicPropertySource
    static void vendorOrg(DynamicPropertyRegistry registry) {
        Connectors.salesforceVendor(registry, 0, SALESFORCE::url, "partner,deal", "BENCH_SF");
        registry.add("partnersync.connectors[0].limits.page-size", () -> "2000");
        Connectors.hubspotPartner(registry, 1, "acme", null);
    }

    @Test
    void apiCallsForTenThousandRecords() throws Exception {
        ingest.ingest("vendor-sf", EntityType.PARTNER, List.of(salesforcePartner("001A", "acme", "Acme", "Gold", "2026-11-01T00:00:00.000+0000")), null);
        SALESFORCE.server().resetRequests();

        List<List<Map<String, Object>>> pages = new ArrayList<>();
        for (int p = 0; p < RECORDS / 2000; p++) {
            List<Map<String, Object>> records = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                int n = p * 2000 + i;
                records.add(salesforceOpportunity(String.format("006%012d", n), "001A", "Opportunity " + n, 1000 + n,
                        String.format("2026-11-20T%02d:%02d:%02d.000+0000", n / 3600 % 24, n / 60 % 60, n % 60)));
            }
            pages.add(records);
        }
        SALESFORCE.server().stubFor(get(urlPathEqualTo("/services/data/v62.0/queryAll/"))
                .willReturn(json(200, page(pages.get(0), "/services/data/v62.0/query/01gBENCH-2000", RECORDS))));
        for (int p = 1; p < pages.size(); p++) {
            String next = p + 1 < pages.size() ? "/services/data/v62.0/query/01gBENCH-" + (p + 1) * 2000 : null;
            SALESFORCE.server().stubFor(get(urlPathEqualTo("/services/data/v62.0/query/01gBENCH-" + p * 2000))
                    .willReturn(json(200, page(pages.get(p), next, RECORDS))));
        }
        long readStart = System.nanoTime();
        var read = poller.read("vendor-sf", EntityType.DEAL);
        double readSeconds = (System.nanoTime() - readStart) / 1e9;
        List<LoggedRequest> readCalls = SALESFORCE.server().findAll(anyRequestedFor(urlPathMatching("/services/data/.*")));
        int logins = SALESFORCE.server().findAll(anyRequestedFor(urlPathEqualTo("/services/oauth2/token"))).size();
        assertThat(read.records()).isEqualTo(RECORDS);

        int[] collection = write(2_000, "hs-c", false);
        int[] bulk = write(RECORDS, "hs-b", true);

        String report = String.format(Locale.ROOT, """
                Salesforce API calls (WireMock org, %d records each way)
                  read  %d changed records: %d calls (minimum 5 query pages of 2,000): %.0f%% over; %.1f s
                  write  2000 records (at the bulk threshold): %d sObject Collections calls (minimum 10 of 200), %d single-record calls
                  write %d records (over the threshold):  %d calls = one Bulk API 2.0 job (create, upload, close, %d status, 2 results), %d single-record calls
                  OAuth token requests during all of it: %d
                """, RECORDS, RECORDS, readCalls.size(), (readCalls.size() / 5.0 - 1) * 100, readSeconds,
                collection[0], collection[1], RECORDS, bulk[0], bulk[0] - 5, bulk[1],
                SALESFORCE.server().findAll(anyRequestedFor(urlPathEqualTo("/services/oauth2/token"))).size() + logins);
        System.out.println(report);
        Files.createDirectories(Path.of("target/benchmark"));
        Files.writeString(Path.of("target/benchmark/salesforce-api-calls.txt"), report);
    }
}
