package io.partnersync.sandbox;

import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;

import io.partnersync.canonical.EntityType;
import io.partnersync.sync.IncrementalReads;
import io.partnersync.sandbox.simulator.HubSpotSimulator;
import io.partnersync.sandbox.simulator.SalesforceSimulator;
import io.partnersync.support.Connectors;
import io.partnersync.support.IntegrationTest;
import io.partnersync.support.Simulators;
import io.partnersync.support.StoreTest;
import io.partnersync.sync.OutboxRelay;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Salesforce writer's Bulk API 2.0 path against the simulated org: a relay run over the bulk
 * threshold goes through one ingest job (create, CSV upload, close, state, results), and each
 * record lands once, also when the same records are written again after an edit.
 */
@IntegrationTest
@DisplayName("Bulk API 2.0 against the simulated org")
class SimulatedBulkIngestIT extends StoreTest {

    static final SalesforceSimulator ORG = Simulators.salesforce();
    static final HubSpotSimulator ACME = Simulators.portal("acme", 61_000_000_000L);

    @org.junit.jupiter.api.AfterAll
    static void closeSimulators() {
        ORG.close();
        ACME.close();
    }

    @Autowired IncrementalReads salesforce;
    @Autowired IncrementalReads hubspot;
    @Autowired OutboxRelay relay;
    @Autowired JdbcTemplate jdbc;

    @DynamicPropertySource
    static void crms(DynamicPropertyRegistry registry) {
        Connectors.salesforceVendor(registry, 0, ORG::url, "partner,deal", "BULK_SF");
        registry.add("partnersync.connectors[0].salesforce.bulk-threshold", () -> "2");
        Connectors.hubspotPartner(registry, 1, "acme", ACME::url, "deal");
    }

    @Test
    @DisplayName("five partner deals reach Salesforce through one job, once each; edited and written again, still once each")
    void fiveDealsThroughOneJob() {
        ORG.seed("Account", salesforcePartner("001A00000000ACME", "acme", "Acme", "Gold", "2026-11-20T08:00:00.000+0000"));
        salesforce.read("vendor-sf", EntityType.PARTNER);
        for (int i = 1; i <= 5; i++) {
            Map<String, String> deal = new LinkedHashMap<>();
            deal.put("dealname", "Bulk deal " + i);
            deal.put("amount", String.valueOf(1000 * i));
            deal.put("deal_currency_code", "EUR");
            deal.put("dealstage", "qualifiedtobuy");
            ACME.create("deals", deal);
        }
        hubspot.read("acme-hubspot", EntityType.DEAL);

        relay.relay("vendor-sf");

        List<Map<String, Object>> opportunities = ORG.all("Opportunity");
        assertThat(opportunities).extracting(o -> o.get("Name"))
                .containsExactlyInAnyOrder("Bulk deal 1", "Bulk deal 2", "Bulk deal 3", "Bulk deal 4", "Bulk deal 5");
        assertThat(opportunities).allSatisfy(o -> assertThat(o.get("PartnerAccountId")).isEqualTo("001A00000000ACME"));
        assertThat(ORG.calls()).as("create, upload, close, at least two looks at its state, and both results").containsKey("bulk")
                .doesNotContainKey("upsert");
        assertThat(ORG.calls().get("bulk")).isGreaterThanOrEqualTo(7);
        List<UUID> ids = jdbc.queryForList("select entity_id from external_ref where connector = 'acme-hubspot' and entity_type = 'DEAL'", UUID.class);
        assertThat(ids).hasSize(5).allSatisfy(id -> assertThat(jdbc.queryForObject(
                "select count(*) from external_ref where connector = 'vendor-sf' and entity_id = ?", Integer.class, id)).as("the Salesforce Id recorded").isOne());

        // the rep edits all five: one more job upserts them by PartnerSync's id, nothing new is created
        ACME.all("deals").keySet().forEach(id -> ACME.write("deals", id, Map.of("amount", "99")));
        hubspot.read("acme-hubspot", EntityType.DEAL);
        relay.relay("vendor-sf");
        assertThat(ORG.all("Opportunity")).hasSize(5).allSatisfy(o -> assertThat(new java.math.BigDecimal(String.valueOf(o.get("Amount"))))
                .isEqualByComparingTo("99"));
    }
}
