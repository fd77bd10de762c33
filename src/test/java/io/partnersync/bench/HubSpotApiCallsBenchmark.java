package io.partnersync.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.partnersync.support.Records.salesforceOpportunity;
import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.partnersync.canonical.EntityType;
import io.partnersync.sync.OutboxRelay;
import io.partnersync.sync.IncrementalReads;
import io.partnersync.sync.IngestService;
import io.partnersync.support.Connectors;
import io.partnersync.support.HubSpotPortal;
import io.partnersync.support.IntegrationTest;
import io.partnersync.support.StoreTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Not a test: counts the HubSpot API calls PartnerSync makes to read 10,000 changed deals from a
 * portal and to write 10,000 into one, against stateful fake portals that enforce HubSpot's limits
 * (100 requests per rolling 10 s, 5 searches per rolling second, 429 beyond), and measures the
 * sustained request rate per portal. Two portals are written at the same time: acme links deals
 * to companies, globex does not. {@code mvn -Pbench verify}; figures go to stdout and
 * {@code target/benchmark/hubspot-api-calls.txt}.
 */
@IntegrationTest
class HubSpotApiCallsBenchmark extends StoreTest {

    static final HubSpotPortal ACME_PORTAL = new HubSpotPortal();
    static final HubSpotPortal GLOBEX_PORTAL = new HubSpotPortal();
    static final WireMockServer ACME = new WireMockServer(options().dynamicPort().extensions(ACME_PORTAL));
    static final WireMockServer GLOBEX = new WireMockServer(options().dynamicPort().extensions(GLOBEX_PORTAL));
    static final int RECORDS = 10_000;
    static final int BURST = 100;

    static {
        ACME.start();
        GLOBEX.start();
    }

    @Autowired IncrementalReads poller;
    @Autowired OutboxRelay relay;
    @Autowired IngestService ingest;
    @Autowired ObjectMapper json;

    @DynamicPropertySource
    static void portals(DynamicPropertyRegistry registry) {
        registry.add("partnersync.connectors[0].name", () -> "vendor-sf");
        registry.add("partnersync.connectors[0].type", () -> "salesforce");
        registry.add("partnersync.connectors[0].role", () -> "vendor");
        registry.add("partnersync.connectors[0].entities", () -> "partner,deal");
        Connectors.hubspotPartner(registry, 1, "acme", ACME::baseUrl);
        Connectors.hubspotPartner(registry, 2, "globex", GLOBEX::baseUrl);
        registry.add("partnersync.connectors[2].hubspot.associate", () -> "false");
    }

    @Test
    void apiCallsForTenThousandRecords() throws Exception {
        for (var portal : List.of(ACME_PORTAL, GLOBEX_PORTAL)) {
            portal.clear();
            portal.enforceLimits(BURST, 5);
        }
        HubSpotPortal.serve(ACME);
        HubSpotPortal.serve(GLOBEX);
        ingest.ingest("vendor-sf", EntityType.PARTNER, List.of(
                salesforcePartner("001A", "acme", "Acme", "Gold", "2026-11-01T00:00:00.000+0000"),
                salesforcePartner("001G", "globex", "Globex", "Silver", "2026-11-01T00:00:00.000+0000")), null);

        List<ObjectNode> deals = new ArrayList<>();
        Instant base = Instant.parse("2026-11-20T00:00:00Z");
        for (int i = 0; i < RECORDS; i++) {
            ObjectNode deal = json.createObjectNode().put("id", String.valueOf(50_000_000L + i)).put("archived", false);
            deal.putObject("properties").put("dealname", "Portal deal " + i).put("amount", String.valueOf(1000 + i))
                    .put("deal_currency_code", "EUR").put("closedate", "2027-03-31T00:00:00Z").put("dealstage", "qualifiedtobuy")
                    .put("hs_lastmodifieddate", base.plusSeconds(i).toString()).put("hs_object_id", String.valueOf(50_000_000L + i));
            deals.add(deal);
        }
        ACME_PORTAL.seed("deals", deals);
        long readStart = System.nanoTime();
        var read = poller.read("acme-hubspot", EntityType.DEAL);
        double readSeconds = (System.nanoTime() - readStart) / 1e9;
        assertThat(read.records()).isGreaterThanOrEqualTo(RECORDS);
        List<LoggedRequest> readCalls = ACME.findAll(anyRequestedFor(anyUrl()));
        int readRefused = ACME_PORTAL.refused();

        ACME.resetRequests();
        for (int from = 0; from < RECORDS; from += 2000) {
            List<Map<String, Object>> acme = new ArrayList<>();
            List<Map<String, Object>> globex = new ArrayList<>();
            for (int i = from; i < from + 2000; i++) {
                acme.add(salesforceOpportunity(String.format("006A%011d", i), "001A", "Acme opportunity " + i, 1000 + i, "2026-11-20T00:00:00.000+0000"));
                globex.add(salesforceOpportunity(String.format("006G%011d", i), "001G", "Globex opportunity " + i, 1000 + i, "2026-11-20T00:00:00.000+0000"));
            }
            ingest.ingest("vendor-sf", EntityType.DEAL, acme, null);
            ingest.ingest("vendor-sf", EntityType.DEAL, globex, null);
        }
        var acmeWrite = CompletableFuture.supplyAsync(() -> drain("acme-hubspot"));
        var globexWrite = CompletableFuture.supplyAsync(() -> drain("globex-hubspot"));
        double acmeSeconds = acmeWrite.get();
        double globexSeconds = globexWrite.get();
        assertThat(ACME_PORTAL.objects("deals")).hasSize(2 * RECORDS);
        assertThat(GLOBEX_PORTAL.objects("deals")).hasSize(RECORDS);

        List<LoggedRequest> acmeCalls = ACME.findAll(anyRequestedFor(anyUrl()));
        List<LoggedRequest> globexCalls = GLOBEX.findAll(anyRequestedFor(anyUrl()));

        ACME.resetRequests();
        for (int from = 0; from < RECORDS; from += 2000) {
            List<Map<String, Object>> changed = new ArrayList<>();
            for (int i = from; i < from + 2000; i++) {
                changed.add(salesforceOpportunity(String.format("006A%011d", i), "001A", "Acme opportunity " + i, 2000 + i, "2026-11-21T00:00:00.000+0000"));
            }
            ingest.ingest("vendor-sf", EntityType.DEAL, changed, null);
        }
        double updateSeconds = drain("acme-hubspot");
        List<LoggedRequest> updateCalls = ACME.findAll(anyRequestedFor(anyUrl()));
        String report = String.format(Locale.ROOT, """
                HubSpot API calls (stateful WireMock portals enforcing %d requests / rolling 10 s and 5 searches / rolling s; limit share 0.9)
                  read  %d changed deals: %d search calls (minimum 50 pages of 200): %.0f%% over; %.1f s; %d refused (429)
                        busiest rolling second: %d searches (HubSpot allows 5)
                  write %d deals to acme, linked to companies: %d calls = %d deal upserts (minimum 100 of 100) + %d company upserts + %d v4 associations; %.1f s
                  write %d deals to globex at the same time, not linked: %d calls = %d deal upserts (minimum 100); %.1f s
                  rewrite the %d acme deals after a change: %d calls = %d batch updates by object id + %d associations; %.1f s
                  sustained rate: acme %.1f requests / 10 s, globex %.1f requests / 10 s (limit %d, configured share %d)
                  busiest rolling 10 s: acme %d, globex %d requests; refused (429): acme %d, globex %d
                """, BURST, RECORDS, readCalls.size(), (readCalls.size() / 50.0 - 1) * 100, readSeconds, readRefused, busiest(readCalls, 1000),
                RECORDS, acmeCalls.size(), count(acmeCalls, "/deals/batch/upsert"), count(acmeCalls, "/companies/batch/upsert"),
                count(acmeCalls, "/associate/"), acmeSeconds,
                RECORDS, globexCalls.size(), count(globexCalls, "/deals/batch/upsert"), globexSeconds,
                RECORDS, updateCalls.size(), count(updateCalls, "/deals/batch/update"), count(updateCalls, "/associate/"), updateSeconds,
                acmeCalls.size() / acmeSeconds * 10, globexCalls.size() / globexSeconds * 10, BURST, (int) (BURST * 0.9),
                busiest(acmeCalls, 10_000), busiest(globexCalls, 10_000), ACME_PORTAL.refused() - readRefused, GLOBEX_PORTAL.refused());
        System.out.println(report);
        Files.createDirectories(Path.of("target/benchmark"));
        Files.writeString(Path.of("target/benchmark/hubspot-api-calls.txt"), report);
    }

    /** Relays a portal's queue until it is empty; returns the seconds it took. */
    private double drain(String connector) {
        long start = System.nanoTime();
        int written = 0;
        for (int run = 0; run < 100 && written < RECORDS; run++) {
            written += relay.relay(connector);
        }
        assertThat(written).isEqualTo(RECORDS);
        return (System.nanoTime() - start) / 1e9;
    }

    private static long count(List<LoggedRequest> calls, String path) {
        return calls.stream().filter(c -> c.getUrl().contains(path)).count();
    }

    /** The most requests received in any rolling window of {@code millis}. */
    private static int busiest(List<LoggedRequest> calls, long millis) {
        long[] at = calls.stream().mapToLong(c -> c.getLoggedDate().getTime()).sorted().toArray();
        int most = 0;
        for (int first = 0, last = 0; last < at.length; last++) {
            while (at[last] - at[first] >= millis) {
                first++;
            }
            most = Math.max(most, last - first + 1);
        }
        return most;
    }
}
