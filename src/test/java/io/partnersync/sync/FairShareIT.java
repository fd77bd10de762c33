package io.partnersync.sync;

import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.sandbox.simulator.HubSpotSimulator;
import io.partnersync.sandbox.simulator.SalesforceSimulator;
import io.partnersync.support.Callers;
import io.partnersync.support.Instances;
import io.partnersync.support.Simulators;
import io.partnersync.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The vendor org's daily API allowance shared between partners: one partner's bulk import is held
 * to its share once the allowance runs lean, the other partners' changes still reach Salesforce,
 * and PartnerSync never touches the reserve left for the vendor's own tools. The real service
 * against the sandbox's simulated org (which counts every call against its allowance and refuses
 * past it) and three simulated portals.
 */
@DisplayName("Fair share of the vendor's API allowance")
class FairShareIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final DateTimeFormatter MODSTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);
    /** The org's allowance: small, so that a bulk import of a few thousand deals (five a call) would spend it. */
    static final int IMPORT = Integer.getInteger("fairshare.import", 3_000);
    /** A third of the import's calls (five deals a call): the import alone would spend it. */
    static final long ALLOWANCE = IMPORT / 3;
    static final long PARTNERSYNC_PART = ALLOWANCE * 9 / 10; // reserve 10 %

    @RegisterExtension
    final Instances instances = new Instances();

    final SalesforceSimulator vendor = Simulators.salesforce().allowance(ALLOWANCE);
    final HubSpotSimulator noisy = Simulators.portal("noisy", 71_000_000_000L);
    final HubSpotSimulator quiet1 = Simulators.portal("quiet1", 72_000_000_000L);
    final HubSpotSimulator quiet2 = Simulators.portal("quiet2", 73_000_000_000L);

    @AfterEach
    void close() {
        vendor.close();
        noisy.close();
        quiet1.close();
        quiet2.close();
    }

    @Test
    @DisplayName("a partner importing 3,000 deals (-Dfairshare.import) is slowed at its share; the others' deals still arrive; the 10 % reserve is never used")
    void bulkImportDoesNotStarveOthers() throws Exception {
        for (String partner : List.of("noisy", "quiet1", "quiet2")) {
            vendor.seed("Account", salesforcePartner("001" + partner.toUpperCase() + "0000000".substring(partner.length() - 5), partner, partner,
                    "Gold", MODSTAMP.format(Instant.now().minusSeconds(60))));
        }
        for (int i = 0; i < IMPORT; i++) {
            noisy.create("deals", Map.of("dealname", "Import " + i, "amount", "100"));
        }
        ConfigurableApplicationContext service = start();
        AtomicLong mostUsed = new AtomicLong();

        // the import runs until the allowance is lean, then the importer waits at its share
        await().atMost(Duration.ofSeconds(120 + IMPORT / 100)).pollInterval(Duration.ofMillis(500)).until(() -> {
            mostUsed.accumulateAndGet(vendor.used(), Math::max);
            JsonNode budget = budget(service);
            return budget != null && held(budget, "noisy");
        });
        JsonNode budget = budget(service);
        assertThat(budget.path("allowed").asLong()).isEqualTo(ALLOWANCE);
        assertThat(budget.path("partnerSyncPart").asLong()).isEqualTo(PARTNERSYNC_PART);
        JsonNode importer = partner(budget, "noisy");
        assertThat(importer.path("reason").asText()).contains("slowed").contains("fair share");
        assertThat(importer.path("calls").asLong()).isGreaterThanOrEqualTo(importer.path("share").asLong());
        assertThat(held(budget, "quiet1")).isFalse();

        // the other partners' changes still reach the vendor
        Map<String, Instant> created = new java.util.LinkedHashMap<>();
        Map<String, Duration> latency = new java.util.concurrent.ConcurrentHashMap<>();
        for (int i = 0; i < 3; i++) {
            quiet1.create("deals", Map.of("dealname", "Quiet one " + i, "amount", "500"));
            created.put("Quiet one " + i, Instant.now());
            quiet2.create("deals", Map.of("dealname", "Quiet two " + i, "amount", "700"));
            created.put("Quiet two " + i, Instant.now());
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            mostUsed.accumulateAndGet(vendor.used(), Math::max);
            vendor.all("Opportunity").stream().map(o -> String.valueOf(o.get("Name"))).filter(created::containsKey)
                    .forEach(name -> latency.computeIfAbsent(name, n -> Duration.between(created.get(n), Instant.now())));
            return latency.size() == created.size();
        });
        long imported = vendor.all("Opportunity").stream().filter(o -> String.valueOf(o.get("Name")).startsWith("Import")).count();
        assertThat(imported).as("the import was slowed, not finished at the others' expense").isLessThan(IMPORT).isGreaterThan(0);

        // a while later: the importer still waits, the reserve is untouched
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).until(() -> {
            mostUsed.accumulateAndGet(vendor.used(), Math::max);
            return true;
        });
        System.out.printf("fair share: %d of %d imported deals written before the importer was held at %d calls (share %.0f);"
                        + " the org's use peaked at %d of %d (PartnerSync's part %d); the other partners' deals reached Salesforce in %s ms"
                        + " (created to seen; their poll interval 1 s)%n", imported, IMPORT, importer.path("calls").asLong(),
                importer.path("share").asDouble(), mostUsed.get(), ALLOWANCE, PARTNERSYNC_PART,
                latency.values().stream().map(Duration::toMillis).sorted().toList());
        assertThat(mostUsed.get()).as("the org's use never reached into the vendor's 10 % reserve").isLessThanOrEqualTo(PARTNERSYNC_PART);
        assertThat(vendor.all("Opportunity").stream().filter(o -> String.valueOf(o.get("Name")).startsWith("Import")).count())
                .isLessThan(IMPORT);
        // none is lost: what the vendor does not have waits in the outbox, or (read before the partner was known) as a failure taken in again
        org.springframework.jdbc.core.JdbcTemplate jdbc = service.getBean(org.springframework.jdbc.core.JdbcTemplate.class);
        long written = vendor.all("Opportunity").stream().filter(o -> String.valueOf(o.get("Name")).startsWith("Import")).count();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                jdbc.queryForObject("select count(*) from outbox where status = 'PENDING' and source = 'noisy-hubspot'", Long.class)
                        + jdbc.queryForObject("select count(*) from sync_failure where connector = 'noisy-hubspot' and resolved_at is null", Long.class))
                .as("the importer's deals not yet at the vendor wait, none is lost").isEqualTo(IMPORT - written));
    }

    private static boolean held(JsonNode budget, String partner) {
        JsonNode use = partner(budget, partner);
        return use != null && use.path("held").asBoolean();
    }

    private static JsonNode partner(JsonNode budget, String partner) {
        for (JsonNode use : budget.path("partners")) {
            if (use.path("partner").asText().equals(partner)) {
                return use;
            }
        }
        return null;
    }

    private static JsonNode budget(ConfigurableApplicationContext service) throws Exception {
        int port = ((WebServerApplicationContext) service).getWebServer().getPort();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/budget"))
                .header("Authorization", Callers.VIEWER).GET().build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }

    private ConfigurableApplicationContext start() {
        Map<String, Object> settings = Instances.on(TestDatabase.newDatabase());
        settings.put("partnersync.poll.enabled", "true");
        settings.put("partnersync.poll.initial-delay", "0");
        settings.put("partnersync.poll.period", "300");
        settings.put("partnersync.relay.enabled", "true");
        settings.put("partnersync.relay.initial-delay", "0");
        settings.put("partnersync.relay.period", "500");
        settings.put("partnersync.governance.registration.enabled", "false");
        Instances.salesforceVendor(settings, vendor.url(), "partner,deal");
        settings.put("partnersync.connectors[0].poll-interval", "PT5S");
        settings.put("partnersync.connectors[0].limits.batch-size", "5");
        // every write through sObject Collections, never a Bulk API job (a few calls for thousands of records would not strain the budget)
        settings.put("partnersync.connectors[0].salesforce.bulk-threshold", "1000000");
        Instances.hubspotPartner(settings, 1, "noisy", noisy.url(), "deal");
        Instances.hubspotPartner(settings, 2, "quiet1", quiet1.url(), "deal");
        Instances.hubspotPartner(settings, 3, "quiet2", quiet2.url(), "deal");
        for (int i = 1; i <= 3; i++) {
            settings.put("partnersync.connectors[" + i + "].poll-interval", "PT1S");
        }
        return instances.start(settings);
    }
}
