package io.partnersync.store;

import io.partnersync.sync.IngestService;

import static io.partnersync.support.Records.hubspotDeal;
import static io.partnersync.support.Records.properties;
import static io.partnersync.support.Records.salesforceOpportunity;
import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;

import io.partnersync.canonical.EntityType;
import io.partnersync.mapping.Fingerprints;
import io.partnersync.mapping.MappingRegistry;
import io.partnersync.store.IngestResult.Outcome;
import io.partnersync.support.IntegrationTest;
import io.partnersync.support.StoreTest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

@IntegrationTest
@DisplayName("The idempotent ingest path")
class IngestIT extends StoreTest {

    @Autowired IngestService ingest;
    @Autowired ExternalRefRepository refs;
    @Autowired CanonicalRepository canonical;
    @Autowired MappingRegistry mappings;
    @Autowired JdbcTemplate jdbc;

    @BeforeEach
    void partnersExist() {
        ingest.ingest("vendor-sf", EntityType.PARTNER, List.of(
                salesforcePartner("001ACME", "acme", "Acme Resellers", "Gold", "2026-11-01T10:00:00.000+0000"),
                salesforcePartner("001GLOBEX", "globex", "Globex Integrators", "Silver", "2026-11-01T10:00:00.000+0000")), null);
    }

    @Test
    @DisplayName("the same record ingested twice gives one row and one outbox entry")
    void sameRecordTwice() {
        String id = unique("hs");
        var deal = hubspotDeal(id, "Contoso firewall refresh", "125000.50", "2026-11-20T08:00:00Z");

        var first = ingest.ingest("acme-hubspot", EntityType.DEAL, List.of(deal), null);
        var second = ingest.ingest("acme-hubspot", EntityType.DEAL, List.of(deal), null);

        assertThat(first.outcomes()).singleElement().extracting(IngestResult.RecordOutcome::outcome).isEqualTo(Outcome.CREATED);
        assertThat(second.outcomes()).singleElement().extracting(IngestResult.RecordOutcome::outcome).isEqualTo(Outcome.UNCHANGED);
        UUID dealId = first.outcomes().get(0).entityId();
        assertThat(jdbc.queryForObject("select count(*) from external_ref where connector = 'acme-hubspot' and external_id = ?", Integer.class, id)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from deal where id = ?", Integer.class, dealId)).isEqualTo(1);
        assertThat(jdbc.queryForList("select target_connector from outbox where entity_id = ?", String.class, dealId))
                .as("one entry for the vendor; none for the other partner").containsExactly("vendor-sf");
        Map<String, Object> row = jdbc.queryForMap("select amount, partner_id, customer_domain, version from deal where id = ?", dealId);
        assertThat((BigDecimal) row.get("amount")).isEqualByComparingTo("125000.50");
        assertThat(row.get("partner_id")).as("a partner connector's deals belong to its partner").isEqualTo(partnerId("acme"));
        assertThat(row.get("customer_domain")).isEqualTo("contoso.com");
        assertThat(row.get("version")).isEqualTo(1L);
    }

    @Test
    @DisplayName("an update older than what the store holds is ignored")
    void staleUpdateIgnored() {
        String id = unique("hs");
        var newer = hubspotDeal(id, "Contoso expansion", "200000", "2026-11-20T10:00:00Z");
        var older = hubspotDeal(id, "Contoso expansion", "100000", "2026-11-20T09:00:00Z");

        ingest.ingest("acme-hubspot", EntityType.DEAL, List.of(newer), null);
        var result = ingest.ingest("acme-hubspot", EntityType.DEAL, List.of(older), null);

        assertThat(result.outcomes().get(0).outcome()).isEqualTo(Outcome.STALE);
        UUID dealId = result.outcomes().get(0).entityId();
        assertThat(jdbc.queryForObject("select amount from deal where id = ?", BigDecimal.class, dealId)).isEqualByComparingTo("200000");
        assertThat(jdbc.queryForList("select o.content_hash = d.content_hash from outbox o join deal d on d.id = o.entity_id where d.id = ?",
                Boolean.class, dealId)).as("one queued write, of the newer version").containsExactly(true);
    }

    @Test
    @DisplayName("within one page, the newest version of a record wins")
    void newestInPageWins() {
        String id = unique("hs");
        var result = ingest.ingest("acme-hubspot", EntityType.DEAL, List.of(
                hubspotDeal(id, "Deal", "300", "2026-11-20T10:00:00Z"),
                hubspotDeal(id, "Deal", "100", "2026-11-20T09:00:00Z")), null);

        assertThat(result.outcomes()).singleElement().extracting(IngestResult.RecordOutcome::outcome).isEqualTo(Outcome.CREATED);
        assertThat(jdbc.queryForObject("select amount from deal where id = ?", BigDecimal.class, result.outcomes().get(0).entityId()))
                .isEqualByComparingTo("300");
    }

    @Test
    @DisplayName("our own write coming back from a partner CRM is an echo: nothing written, nothing queued")
    void echoIsNoOp() {
        String opportunityId = unique("006");
        var vendorDeal = ingest.ingest("vendor-sf", EntityType.DEAL,
                List.of(salesforceOpportunity(opportunityId, "001ACME", "Contoso firewall", 125000.5, "2026-11-20T08:00:00.000+0000")), null);
        UUID dealId = vendorDeal.outcomes().get(0).entityId();
        assertThat(jdbc.queryForList("select target_connector from outbox where entity_id = ?", String.class, dealId))
                .as("the vendor's deal for acme goes to acme's portal only").containsExactly("acme-hubspot");

        // What the outbox relay does after HubSpot confirmed the write of this deal as hs id X:
        String hubspotId = unique("hs");
        var stored = canonical.findById(EntityType.DEAL, dealId).orElseThrow();
        refs.recordWrite("acme-hubspot", EntityType.DEAL, hubspotId, dealId,
                Fingerprints.of(mappings.mapping("acme-hubspot", EntityType.DEAL), stored.fields()));
        jdbc.update("delete from outbox where entity_id = ?", dealId);

        // HubSpot then reports the deal we wrote as a change (webhook or poll): same content.
        var echo = hubspotDeal(hubspotId, "Contoso firewall", "125000.5", "2026-11-20T08:00:05Z");
        properties(echo).put("partnersync_customer_name", "Contoso Ltd");
        var result = ingest.ingest("acme-hubspot", EntityType.DEAL, List.of(echo), null);

        assertThat(result.outcomes().get(0).outcome()).isEqualTo(Outcome.ECHO);
        assertThat(result.outcomes().get(0).entityId()).isEqualTo(dealId);
        assertThat(jdbc.queryForObject("select count(*) from outbox where entity_id = ? and status = 'PENDING'", Integer.class, dealId)).isZero();
        assertThat(jdbc.queryForObject("select version from deal where id = ?", Long.class, dealId)).isEqualTo(1L);

        // A real change by the partner's rep afterwards does flow to the vendor.
        var change = hubspotDeal(hubspotId, "Contoso firewall", "150000", "2026-11-21T08:00:00Z");
        var changed = ingest.ingest("acme-hubspot", EntityType.DEAL, List.of(change), null);
        assertThat(changed.outcomes().get(0).outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(jdbc.queryForList("select target_connector from outbox where entity_id = ? and status = 'PENDING'", String.class, dealId))
                .containsExactly("vendor-sf");
    }

    @Test
    @DisplayName("a bad record is kept as a failure naming the field; the rest of the page goes on")
    void badRecordKeptAsFailure() {
        String good = unique("hs");
        String bad = unique("hs");
        var badDeal = hubspotDeal(bad, "Broken amount", "12,5k", "2026-11-20T08:00:00Z");

        var result = ingest.ingest("acme-hubspot", EntityType.DEAL,
                List.of(hubspotDeal(good, "Fine", "1000", "2026-11-20T08:00:00Z"), badDeal), null);

        assertThat(result.count(Outcome.CREATED)).isEqualTo(1);
        assertThat(result.count(Outcome.FAILED)).isEqualTo(1);
        Map<String, Object> failure = jdbc.queryForMap(
                "select category, reason, payload, attempts from sync_failure where connector = 'acme-hubspot' and external_id = ?", bad);
        assertThat(failure.get("category")).isEqualTo("VALIDATION");
        assertThat((String) failure.get("reason")).contains("field amount").contains("12,5k").contains("mappings/hubspot/deal.yaml");
        assertThat((String) failure.get("payload")).contains("\"dealname\":\"Broken amount\"");

        ingest.ingest("acme-hubspot", EntityType.DEAL, List.of(badDeal), null);
        assertThat(jdbc.queryForObject("select attempts from sync_failure where connector = 'acme-hubspot' and external_id = ?", Integer.class, bad))
                .as("failing again counts an attempt on the same failure").isEqualTo(2);
    }

    @Test
    @DisplayName("a partner cannot set a vendor-wins field such as its own registration status")
    void vendorWinsField() {
        String id = unique("hs");
        var deal = hubspotDeal(id, "Self-approved?", "5000", "2026-11-20T08:00:00Z");
        properties(deal).put("partnersync_registration_status", "approved");

        UUID dealId = ingest.ingest("acme-hubspot", EntityType.DEAL, List.of(deal), null).outcomes().get(0).entityId();

        assertThat(jdbc.queryForObject("select registration_status from deal where id = ?", String.class, dealId)).isEqualTo("NONE");
    }

    @Test
    @DisplayName("a deletion in the source archives the record and tells the other systems")
    void deletionArchives() {
        String id = unique("006");
        var opportunity = salesforceOpportunity(id, "001ACME", "To be deleted", 10, "2026-11-20T08:00:00.000+0000");
        UUID dealId = ingest.ingest("vendor-sf", EntityType.DEAL, List.of(opportunity), null).outcomes().get(0).entityId();
        jdbc.update("delete from outbox where entity_id = ?", dealId);

        opportunity.put("IsDeleted", true);
        opportunity.put("SystemModstamp", "2026-11-21T08:00:00.000+0000");
        var result = ingest.ingest("vendor-sf", EntityType.DEAL, List.of(opportunity), null);

        assertThat(result.outcomes().get(0).outcome()).isEqualTo(Outcome.ARCHIVED);
        assertThat(jdbc.queryForObject("select archived_at is not null from deal where id = ?", Boolean.class, dealId)).isTrue();
        assertThat(jdbc.queryForList("select operation from outbox where entity_id = ? and status = 'PENDING'", String.class, dealId))
                .containsExactly("ARCHIVE");
    }

    @Test
    @DisplayName("the checkpoint is saved in the transaction of its page")
    void checkpointSavedWithPage() {
        Instant cursor = Instant.parse("2026-11-20T08:00:00Z");
        ingest.ingest("globex-hubspot", EntityType.LEAD, List.of(), new Checkpoint(cursor, "501"));

        assertThat(jdbc.queryForMap("select cursor_ts, cursor_id from sync_checkpoint where connector = 'globex-hubspot' and entity_type = 'LEAD'"))
                .containsEntry("cursor_id", "501")
                .extractingByKey("cursor_ts").satisfies(ts -> assertThat(((java.sql.Timestamp) ts).toInstant()).isEqualTo(cursor));
    }

    private UUID partnerId(String key) {
        return canonical.findPartnerIdByKey(key).orElseThrow();
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
