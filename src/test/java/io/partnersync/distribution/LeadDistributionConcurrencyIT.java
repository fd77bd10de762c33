package io.partnersync.distribution;

import static io.partnersync.support.Records.salesforceLead;
import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.partnersync.canonical.EntityType;
import io.partnersync.support.TestDatabase;
import io.partnersync.sync.IngestService;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A lead is with at most one partner, whatever runs at once: the same lead delivered twice at the
 * same moment (two threads of one instance, or two instances on one database) is assigned once;
 * replaying every input assigns nothing twice; a deadline that passed while the service was down
 * fires once it is back.
 */
@DisplayName("Lead distribution under concurrency and restarts")
class LeadDistributionConcurrencyIT {

    @org.junit.jupiter.api.extension.RegisterExtension
    final io.partnersync.support.Instances instances = new io.partnersync.support.Instances();

    @Test
    @DisplayName("the same lead delivered twice at once, by two threads and by two instances, is assigned once; replaying every input changes nothing")
    void assignedOnce() throws Exception {
        String database = TestDatabase.newDatabase();
        start(database, "P2D");
        start(database, "P2D");
        seedPartners(instances.get(0));
        JdbcTemplate jdbc = instances.get(0).getBean(JdbcTemplate.class);

        for (int round = 0; round < 5; round++) {
            String id = "00Q00000000R" + String.format("%03d", round);
            Map<String, Object> lead = lead(id);
            // round by round: two threads of instance 1, then one thread in each instance
            IngestService first = instances.get(0).getBean(IngestService.class);
            IngestService second = instances.get(round % 2).getBean(IngestService.class);
            deliverAtOnce(first, second, lead);

            UUID leadId = jdbc.queryForObject("select entity_id from external_ref where connector = 'vendor-sf' and external_id = ?", UUID.class, id);
            assertThat(jdbc.queryForObject("select count(*) from lead_assignment where lead_id = ?", Integer.class, leadId)).as("round %d", round).isEqualTo(1);
            assertThat(jdbc.queryForObject("select count(*) from outbox where entity_id = ? and target_connector like '%-hubspot'", Integer.class, leadId))
                    .as("one partner's portal gets it").isEqualTo(1);
        }

        // every input again, from both instances: nothing is assigned a second time
        for (int round = 0; round < 5; round++) {
            deliverAtOnce(instances.get(0).getBean(IngestService.class), instances.get(1).getBean(IngestService.class),
                    lead("00Q00000000R" + String.format("%03d", round)));
        }
        assertThat(jdbc.queryForObject("select count(*) from lead_assignment", Integer.class)).isEqualTo(5);
        assertThat(jdbc.queryForObject("select count(*) from lead", Integer.class)).isEqualTo(5);
        assertThat(jdbc.queryForObject("select sum(assigned) from lead_partner_stats", Integer.class)).isEqualTo(5);
        assertThat(jdbc.queryForObject("select count(*) from sync_failure", Integer.class)).isZero();
    }

    @Test
    @DisplayName("a deadline that passes while the service is down fires after it starts again, once, and the lead goes to the next partner")
    void deadlineAfterRestart() {
        String database = TestDatabase.newDatabase();
        ConfigurableApplicationContext before = start(database, "P2D");
        seedPartners(before);
        before.getBean(IngestService.class).ingest("vendor-sf", EntityType.LEAD, List.of(lead("00Q0000000RSTRT")), null);
        JdbcTemplate jdbc = before.getBean(JdbcTemplate.class);
        UUID leadId = jdbc.queryForObject("select lead_id from lead_assignment", UUID.class);
        UUID first = jdbc.queryForObject("select partner_id from lead_assignment where lead_id = ?", UUID.class, leadId);
        instances.stop(before);

        ConfigurableApplicationContext after = start(database, "P2D");
        JdbcTemplate again = after.getBean(JdbcTemplate.class);
        // the two days passed while no instance ran
        again.update("update lead_assignment set accept_by = now() - interval '1 minute', assigned_at = now() - interval '2 days'");

        await().atMost(Duration.ofSeconds(30)).until(() -> again.queryForObject("select count(*) from lead_assignment", Integer.class) >= 2);
        List<Map<String, Object>> assignments = again.queryForList("select attempt, partner_id, outcome from lead_assignment order by attempt");
        assertThat(assignments.get(0)).containsEntry("outcome", "EXPIRED").containsEntry("partner_id", first);
        assertThat(assignments.get(1).get("partner_id")).isNotEqualTo(first);
        assertThat(again.queryForObject("select count(*) from outbox where entity_id = ? and operation = 'WITHDRAW'", Integer.class, leadId))
                .as("withdrawn from the first partner").isEqualTo(1);
        assertThat(again.queryForObject("select count(*) from audit_event where entity_id = ? and action = 'lead-expired'", Integer.class, leadId))
                .as("fired once").isEqualTo(1);
    }

    private static void deliverAtOnce(IngestService one, IngestService other, Map<String, Object> lead) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> deliver(one, lead, start));
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> deliver(other, lead, start));
        a.get();
        b.get();
    }

    private static void deliver(IngestService ingest, Map<String, Object> lead, CyclicBarrier start) {
        try {
            start.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        ingest.ingest("vendor-sf", EntityType.LEAD, List.of(new LinkedHashMap<>(lead)), null);
    }

    private static void seedPartners(ConfigurableApplicationContext instance) {
        String stamp = "2026-11-21T08:59:00.000+0000";
        Map<String, Object> acme = salesforcePartner("001A0000000ACME", "acme", "Acme", "Gold", stamp);
        Map<String, Object> globex = salesforcePartner("001G000000GLOBX", "globex", "Globex", "Gold", stamp);
        for (Map<String, Object> partner : List.of(acme, globex)) {
            partner.put("Partner_Territories__c", "DE");
            partner.put("Partner_Specializations__c", "Firewall");
        }
        instance.getBean(IngestService.class).ingest("vendor-sf", EntityType.PARTNER, List.of(acme, globex), null);
    }

    private static Map<String, Object> lead(String id) {
        Map<String, Object> lead = salesforceLead(id, null, id.toLowerCase() + "@contoso.de", "Contoso GmbH", "2026-11-21T09:00:00.000+0000");
        lead.put("Distribute_To_Partners__c", true);
        lead.put("Partner_Lead_Status__c", "New");
        return lead;
    }

    private ConfigurableApplicationContext start(String database, String acceptWithin) {
        Map<String, Object> settings = io.partnersync.support.Instances.on(database);
        settings.put("partnersync.distribution.accept-within", acceptWithin);
        settings.put("partnersync.distribution.deadline-check", "PT1S");
        settings.put("db-scheduler.polling-interval", "1s");
        settings.put("partnersync.governance.registration.enabled", "false");
        io.partnersync.support.Instances.salesforceVendor(settings, "http://localhost:9", "partner,lead");
        io.partnersync.support.Instances.hubspotPartner(settings, 1, "acme", "http://localhost:9", "lead");
        io.partnersync.support.Instances.hubspotPartner(settings, 2, "globex", "http://localhost:9", "lead");
        return instances.start(settings);
    }
}
