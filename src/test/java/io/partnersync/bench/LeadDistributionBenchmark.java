package io.partnersync.bench;

import static io.partnersync.support.Records.salesforceLead;
import static org.assertj.core.api.Assertions.assertThat;

import io.partnersync.canonical.EntityType;
import io.partnersync.support.Connectors;
import io.partnersync.support.IntegrationTest;
import io.partnersync.support.StoreTest;
import io.partnersync.sync.IngestService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Not a test: the time one lead-distribution decision takes with 10 and with 2,000 partners, and
 * 100,000 open (unanswered) leads in the store. A decision is measured as it happens in production:
 * one Salesforce lead marked for distribution through the ingest path (map, find the candidates
 * covering its territory, choose, store the assignment, audit, queue for the partner's portal and
 * the decision for Salesforce). The candidate lookup's plan is printed too. {@code mvn -Pbench
 * verify -Dit.test=LeadDistributionBenchmark}; figures go to stdout and {@code target/benchmark/lead-distribution.txt}.
 */
@IntegrationTest
class LeadDistributionBenchmark extends StoreTest {

    static final int DECISIONS = 400;
    static final int OPEN_LEADS = 100_000;
    static final List<String> COUNTRIES = List.of("DE", "FR", "GB", "US", "ES", "IT", "NL", "PL", "SE", "JP", "BR", "CA", "AU", "IN", "MX",
            "AT", "CH", "BE", "DK", "NO");

    @Autowired IngestService ingest;
    @Autowired JdbcTemplate jdbc;

    @DynamicPropertySource
    static void connectors(DynamicPropertyRegistry registry) {
        registry.add("partnersync.connectors[0].name", () -> "vendor-sf");
        registry.add("partnersync.connectors[0].type", () -> "salesforce");
        registry.add("partnersync.connectors[0].role", () -> "vendor");
        registry.add("partnersync.connectors[0].entities", () -> "partner,lead");
        Connectors.hubspotPartner(registry, 1, "p0", null, "lead");
        registry.add("partnersync.governance.registration.enabled", () -> "false");
    }

    @Test
    void decisionTimeWithTenAndTwoThousandPartners() throws Exception {
        StringBuilder report = new StringBuilder("Lead-distribution decisions (one Salesforce lead marked for distribution through the ingest path; "
                + DECISIONS + " decisions per size after a warm-up round; " + OPEN_LEADS + " open leads in the store)\n");
        int partners = 0;
        for (int size : new int[] {10, 2_000}) {
            addPartners(partners, size);
            partners = size;
            if (size == 10) {
                fillOpenLeads();
                measure(size, "warm-up");
            }
            report.append(measure(size, "measured"));
        }
        System.out.println(report);
        Files.createDirectories(Path.of("target/benchmark"));
        Files.writeString(Path.of("target/benchmark/lead-distribution.txt"), report.toString());
    }

    /** Partners {@code from}..{@code to}-1, one SQL statement: active, Gold, each covering one country (p0..p9 all cover DE). */
    private void addPartners(int from, int to) {
        jdbc.update("""
                insert into partner (id, key, name, tier, status, territories, specializations, capacity, content_hash)
                select gen_random_uuid(), 'p' || i, 'Partner ' || i, 'GOLD', 'ACTIVE',
                       case when i < 10 then array['DE'] else array[(?::text[])[1 + i % 20]] end, array['Firewall'], null, 'bench'
                from generate_series(?, ?) as i
                """, COUNTRIES.toArray(String[]::new), from, to - 1);
        jdbc.execute("analyze partner");
    }

    /** 100,000 leads, each with an open assignment to one of the first ten partners. */
    private void fillOpenLeads() {
        jdbc.update("""
                insert into lead (id, email, company, country, status, partner_id, content_hash, distribution_requested)
                select gen_random_uuid(), 'open' || i || '@example.com', 'Company ' || i, 'DE', 'ASSIGNED',
                       (select id from partner where key = 'p' || (i % 10)), 'bench', true
                from generate_series(1, ?) as i
                """, OPEN_LEADS);
        jdbc.update("""
                insert into lead_assignment (lead_id, attempt, partner_id, accept_by, rule, reason)
                select id, 1, partner_id, now() + interval '2 days', 'distribution.assigned', 'bench' from lead where email like 'open%'
                """);
        jdbc.update("insert into lead_partner_stats (partner_id, assigned, open_leads) select partner_id, count(*), count(*) from lead_assignment group by partner_id");
        jdbc.execute("analyze lead");
        jdbc.execute("analyze lead_assignment");
        assertThat(jdbc.queryForObject("select count(*) from lead_assignment where outcome is null", Long.class)).isGreaterThanOrEqualTo(OPEN_LEADS);
    }

    private String measure(int partners, String round) {
        long[] nanos = new long[DECISIONS];
        for (int n = 0; n < DECISIONS; n++) {
            String id = String.format("00Q%s%05d%06d", round.charAt(0), partners, n);
            Map<String, Object> lead = salesforceLead(id, null, "bench" + id.toLowerCase() + "@contoso.de", "Contoso " + n, "2026-11-21T09:00:00.000+0000");
            lead.put("Distribute_To_Partners__c", true);
            lead.put("CountryCode", "de");
            long start = System.nanoTime();
            ingest.ingest("vendor-sf", EntityType.LEAD, List.of(lead), null);
            nanos[n] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        List<String> plan = new ArrayList<>(jdbc.queryForList("""
                explain (analyze, costs off)
                select p.id, s.assigned, s.open_leads
                  from partner p left join lead_partner_stats s on s.partner_id = p.id
                 where p.archived_at is null and p.status = 'ACTIVE' and p.territories && array['DE']
                """, String.class));
        long assigned = jdbc.queryForObject("select count(*) from audit_event where action = 'lead-assigned'", Long.class);
        return String.format(Locale.ROOT, "  %,6d partners: median %.2f ms, p95 %.2f ms, max %.2f ms per decision (%d assigned so far)%n"
                        + "    candidate lookup plan: %s%n", partners, nanos[DECISIONS / 2] / 1e6, nanos[DECISIONS * 95 / 100] / 1e6,
                nanos[DECISIONS - 1] / 1e6, assigned, String.join(" | ", plan.stream().map(String::trim).toList()));
    }
}
