package io.partnersync.bench;

import static io.partnersync.support.Records.hubspotDeal;
import static io.partnersync.support.Records.properties;
import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;

import io.partnersync.canonical.EntityType;
import io.partnersync.sync.IngestService;
import io.partnersync.support.Connectors;
import io.partnersync.support.IntegrationTest;
import io.partnersync.support.StoreTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Not a test: the time one governance decision takes with 10,000 and with 1,000,000 registrations
 * already in PostgreSQL. A decision is measured the way it happens in production: one partner deal
 * marked for registration goes through the ingest path (map, decide with its conflict lookups,
 * store, audit, queue), half of them for customers that already hold registrations. The lookup's
 * plan is printed too, to show it is an index probe. {@code mvn -Pbench verify}; figures go to
 * stdout and {@code target/benchmark/registration-decisions.txt}.
 */
@IntegrationTest
class RegistrationDecisionBenchmark extends StoreTest {

    static final int DECISIONS = 400;

    @Autowired IngestService ingest;
    @Autowired JdbcTemplate jdbc;

    @DynamicPropertySource
    static void connectors(DynamicPropertyRegistry registry) {
        registry.add("partnersync.connectors[0].name", () -> "vendor-sf");
        registry.add("partnersync.connectors[0].type", () -> "salesforce");
        registry.add("partnersync.connectors[0].role", () -> "vendor");
        registry.add("partnersync.connectors[0].entities", () -> "partner,deal");
        Connectors.hubspotPartner(registry, 1, "acme", null);
        Connectors.hubspotPartner(registry, 2, "globex", null);
        registry.add("partnersync.governance.registration.tiers.gold.auto-approve-below", () -> "100000");
        registry.add("partnersync.governance.registration.tiers.silver.auto-approve-below", () -> "50000");
    }

    @Test
    void decisionTimeAtTenThousandAndAMillion() throws Exception {
        ingest.ingest("vendor-sf", EntityType.PARTNER, List.of(
                salesforcePartner("001A", "acme", "Acme", "Gold", "2026-11-01T00:00:00.000+0000"),
                salesforcePartner("001G", "globex", "Globex", "Silver", "2026-11-01T00:00:00.000+0000")), null);
        StringBuilder report = new StringBuilder("Deal-registration decisions (one marked partner deal through the ingest path; "
                + DECISIONS + " decisions per size after a warm-up round, half for customers with registrations)\n");
        long existing = 0;
        for (long size : new long[] {10_000, 1_000_000}) {
            fill(existing, size);
            existing = size;
            if (size == 10_000) {
                measure(size, "warm-up"); // JIT and connection pool, not reported
            }
            report.append(measure(size, "measured"));
        }
        System.out.println(report);
        Files.createDirectories(Path.of("target/benchmark"));
        Files.writeString(Path.of("target/benchmark/registration-decisions.txt"), report.toString());
    }

    /** Adds registrations {@code from}..{@code to}-1 with one SQL statement, rebuilding the GIN index around it. */
    private void fill(long from, long to) {
        UUID acme = jdbc.queryForObject("select id from partner where key = 'acme'", UUID.class);
        UUID globex = jdbc.queryForObject("select id from partner where key = 'globex'", UUID.class);
        jdbc.execute("drop index deal_registration_customer");
        jdbc.update("""
                insert into deal_registration (deal_id, partner_id, customer_keys, product_line, status, rule, reason, exclusive_until, stage)
                select gen_random_uuid(), case when i % 2 = 0 then ?::uuid else ?::uuid end,
                       array['domain:customer' || i || '.example', 'name:customer ' || i], 'firewall',
                       (array['APPROVED','APPROVED','APPROVED','PENDING_REVIEW','REJECTED','EXPIRED'])[1 + i % 6], 'approval.auto',
                       'Approved automatically.', current_date + (i % 120)::int - 30, 'QUALIFICATION'
                from generate_series(?::bigint, ?::bigint) as i
                """, acme, globex, from, to - 1);
        jdbc.execute("create index deal_registration_customer on deal_registration using gin (customer_keys)");
        jdbc.execute("analyze deal_registration");
        assertThat(jdbc.queryForObject("select count(*) from deal_registration", Long.class)).isGreaterThanOrEqualTo(to);
    }

    private String measure(long size, String round) {
        Random random = new Random(42);
        long[] nanos = new long[DECISIONS];
        for (int n = 0; n < DECISIONS; n++) {
            long customer = n % 2 == 0 ? random.nextLong(size) : size + 10_000_000L + n + (round.equals("warm-up") ? 5_000_000L : 0);
            Map<String, Object> deal = hubspotDeal("bench-" + round + "-" + size + "-" + n, "Deal " + n, String.valueOf(20_000 + n), Instant.now().toString());
            properties(deal).put("partnersync_customer_domain", "customer" + customer + ".example");
            properties(deal).put("partnersync_customer_name", "Customer " + customer);
            properties(deal).put("partnersync_product", "Firewall");
            properties(deal).put("partnersync_register", "true");
            long start = System.nanoTime();
            ingest.ingest(n % 3 == 0 ? "globex-hubspot" : "acme-hubspot", EntityType.DEAL, List.of(deal), null);
            nanos[n] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        List<String> plan = new ArrayList<>(jdbc.queryForList("explain (analyze, costs off) select deal_id from deal_registration"
                + " where customer_keys && array['domain:customer" + (size / 2) + ".example', 'name:customer " + (size / 2) + "'] and deal_id <> gen_random_uuid()",
                String.class));
        long decided = jdbc.queryForObject("select count(*) from audit_event where action like 'registration-%'", Long.class);
        return String.format(Locale.ROOT, "  %,9d registrations: median %.2f ms, p95 %.2f ms, max %.2f ms per decision (%d decided so far)%n"
                        + "    conflict lookup plan: %s%n", size, nanos[DECISIONS / 2] / 1e6, nanos[DECISIONS * 95 / 100] / 1e6,
                nanos[DECISIONS - 1] / 1e6, decided, String.join(" | ", plan.stream().map(String::trim).toList()));
    }
}
