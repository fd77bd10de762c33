package io.partnersync.sync;

import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.partnersync.support.Records.salesforceLead;
import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.partnersync.canonical.EntityType;
import io.partnersync.sync.OutboxRelay;
import io.partnersync.sync.IncrementalReads;
import io.partnersync.support.Connectors;
import io.partnersync.support.HubSpotPortal;
import io.partnersync.support.IntegrationTest;
import io.partnersync.support.SalesforceFake;
import io.partnersync.support.SalesforceOrg;
import io.partnersync.support.StoreTest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Regressions of what a black-box run against stateful fake CRMs found (issue 9): each test names
 * the symptom users saw and checks what they would count, in the fakes and in the store.
 */
@IntegrationTest
@DisplayName("Sync correctness")
@org.springframework.test.context.event.RecordApplicationEvents
class SyncCorrectnessIT extends StoreTest {

    static final SalesforceOrg ORG = new SalesforceOrg();
    static final SalesforceFake SALESFORCE = new SalesforceFake(ORG).start();
    static final HubSpotPortal ACME_PORTAL = new HubSpotPortal();
    static final WireMockServer ACME = new WireMockServer(options().dynamicPort().extensions(ACME_PORTAL));
    static final AtomicLong HUBSPOT_IDS = new AtomicLong(81_000_000_000L);
    static final DateTimeFormatter MODSTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter HUBSPOT_TIME = io.partnersync.support.Records.HUBSPOT_TIME;

    static {
        ACME.start();
    }

    @Autowired IncrementalReads salesforce;
    @Autowired IncrementalReads hubspot;
    @Autowired OutboxRelay relay;
    @Autowired io.partnersync.sync.IngestService ingestService;
    @Autowired io.partnersync.ops.ReferenceRetry referenceRetry;
    @Autowired JdbcTemplate jdbc;
    @Autowired ObjectMapper json;
    @Autowired org.springframework.test.context.event.ApplicationEvents events;

    @DynamicPropertySource
    static void crms(DynamicPropertyRegistry registry) {
        Connectors.salesforceVendor(registry, 0, SALESFORCE::url, "partner,lead,deal", "SYNC_SF");
        Connectors.hubspotPartner(registry, 1, "acme", ACME::baseUrl, "lead,deal");
        registry.add("partnersync.connectors[1].hubspot.look-back", () -> "PT1M");
        registry.add("partnersync.governance.registration.enabled", () -> "false");
    }

    @BeforeEach
    void partner() {
        SALESFORCE.reset();
        ORG.serve(SALESFORCE.server());
        ORG.clear();
        ACME.resetAll();
        HubSpotPortal.serve(ACME);
        ACME_PORTAL.clear();
        jdbc.update("truncate deal, lead, account, outbox, sync_checkpoint, sync_failure");
        jdbc.update("delete from external_ref where entity_type <> 'PARTNER'");
        if (count("partner") == 0) {
            ORG.seed("Account", salesforcePartner("001A00000000ACME", "acme", "Acme", "Gold", MODSTAMP.format(Instant.now())));
            salesforce.read("vendor-sf", EntityType.PARTNER);
            ORG.clear();
        }
    }

    @Test
    @DisplayName("a Salesforce poll that reads PartnerSync's own Opportunity before the relay recorded its id resolves it to the same deal: no second deal, no copy in the portal")
    void ownWriteReadBackBeforeItsReferenceIsRecorded() {
        String repDeal = repCreatesDeal("Contoso firewall", "12000");
        hubspot.read("acme-hubspot", EntityType.DEAL);
        UUID deal = dealId("acme-hubspot", repDeal);
        // the relay's upsert reached Salesforce, but the instance died before it recorded the answer:
        // the Opportunity carries our id, the outbox entry is still owed, no reference exists
        Map<String, Object> opportunity = io.partnersync.support.Records.salesforceOpportunity("006RACE000000001", "001A00000000ACME",
                "Contoso firewall", 12000, MODSTAMP.format(Instant.now()));
        opportunity.put("PartnerSync_Id__c", deal.toString());
        ORG.seed("Opportunity", opportunity);

        salesforce.read("vendor-sf", EntityType.DEAL);

        assertThat(count("deal")).as("one canonical deal").isEqualTo(1);
        assertThat(jdbc.queryForObject("select entity_id from external_ref where connector = 'vendor-sf' and external_id = '006RACE000000001'",
                UUID.class)).as("the Opportunity is the rep's deal").isEqualTo(deal);
        assertThat(jdbc.queryForObject("select count(*) from outbox where target_connector = 'acme-hubspot'", Integer.class))
                .as("nothing goes back to the portal as a new deal").isZero();

        relay.relay("vendor-sf");
        relay.relay("acme-hubspot");
        assertThat(ORG.all("Opportunity")).as("the relay's retry upserts the same Opportunity").hasSize(1);
        assertThat(ACME_PORTAL.objects("deals")).as("the portal still holds the rep's deal only").hasSize(1);
    }

    @Test
    @DisplayName("the relay dies between HubSpot applying its write and recording it; a manager's newer edit in Salesforce still wins over that write read back")
    void unrecordedWriteReadBackIsAnEcho() {
        String repDeal = repCreatesDeal("Litware firewall", "1000");
        hubspot.read("acme-hubspot", EntityType.DEAL);
        relay.relay("vendor-sf");
        UUID deal = dealId("acme-hubspot", repDeal);
        String opportunity = ORG.byExternalId("Opportunity", "PartnerSync_Id__c", deal.toString()).get("Id").toString();
        ORG.edit("Opportunity", opportunity, Map.of("Amount", 2000));
        salesforce.read("vendor-sf", EntityType.DEAL);
        // the manager edits again; before that edit is read, the relay writes 2000 to the portal and
        // every answer is lost: the portal holds 2000 with a modification time after the manager's edit
        ORG.edit("Opportunity", opportunity, Map.of("Amount", 3000));
        ACME_PORTAL.loseNextAnswers(io.partnersync.connector.hubspot.HubSpotClientAccess.ATTEMPTS);
        assertThat(relay.relay("acme-hubspot")).isZero();
        assertThat(ACME_PORTAL.find("deals", repDeal).path("properties").path("amount").asText()).isEqualTo("2000");

        salesforce.read("vendor-sf", EntityType.DEAL);
        hubspot.read("acme-hubspot", EntityType.DEAL);
        jdbc.update("update outbox set next_attempt_at = now()");
        relay.relay("acme-hubspot");
        relay.relay("vendor-sf");

        assertThat(jdbc.queryForObject("select amount::int from deal where id = ?", Integer.class, deal)).as("the store keeps the manager's edit").isEqualTo(3000);
        assertThat(ACME_PORTAL.find("deals", repDeal).path("properties").path("amount").asText()).isEqualTo("3000");
        assertThat(ORG.byExternalId("Opportunity", "PartnerSync_Id__c", deal.toString())).containsEntry("Amount", 3000);
    }

    @Test
    @DisplayName("an older write of ours read back after a newer one was recorded is still our echo: the rep's later edit stays everywhere")
    void olderOwnWriteReadBackLate() {
        String repDeal = repCreatesDeal("Proseware switches", "1000");
        hubspot.read("acme-hubspot", EntityType.DEAL);
        UUID deal = dealId("acme-hubspot", repDeal);
        // the rep edits while the service is down; then the relay writes the old version to Salesforce
        // (its modification time is after the rep's edit) and the instance dies before recording it
        ACME_PORTAL.find("deals", repDeal).with("properties").put("amount", "2000")
                .put("hs_lastmodifieddate", HUBSPOT_TIME.format(Instant.now()));
        relay.relay("vendor-sf");
        String written = jdbc.queryForObject("select last_written_hash from external_ref where connector = 'vendor-sf' and entity_id = ?", String.class, deal);
        jdbc.update("delete from external_ref where connector = 'vendor-sf' and entity_id = ?", deal);
        jdbc.update("insert into outbox (target_connector, entity_id, entity_type, operation, content_hash, sent_fingerprints)"
                + " select 'vendor-sf', id, 'DEAL', 'UPSERT', content_hash, array[?] from deal where id = ?", written, deal);
        Map<String, Object> oldSnapshot = new LinkedHashMap<>(ORG.byExternalId("Opportunity", "PartnerSync_Id__c", deal.toString()));

        hubspot.read("acme-hubspot", EntityType.DEAL);
        relay.relay("vendor-sf");
        // a Salesforce page read before that, still holding the old version, is taken in now
        ingestService.ingest("vendor-sf", EntityType.DEAL, List.of(oldSnapshot), null);
        relay.relay("acme-hubspot");

        assertThat(jdbc.queryForObject("select amount::int from deal where id = ?", Integer.class, deal)).isEqualTo(2000);
        assertThat(ORG.byExternalId("Opportunity", "PartnerSync_Id__c", deal.toString()).get("Amount").toString()).startsWith("2000");
        assertThat(ACME_PORTAL.find("deals", repDeal).path("properties").path("amount").asText()).isEqualTo("2000");
    }

    @Test
    @DisplayName("a partner's deal read before the vendor's partner Account is kept as a REFERENCE failure and taken in on its own once the partner arrives")
    void dealBeforeItsPartner() {
        String repDeal = dealReadBeforeItsPartner();
        assertThat(jdbc.queryForObject("select category from sync_failure where external_id = ? and resolved_at is null", String.class, repDeal))
                .isEqualTo("REFERENCE");

        vendorPartnerArrives();
        jdbc.update("update sync_failure set last_seen_at = now() - interval '1 minute'");
        assertThat(referenceRetry.retryDue()).isEqualTo(1);

        assertThat(jdbc.queryForObject("select count(*) from external_ref where connector = 'acme-hubspot' and external_id = ?", Integer.class, repDeal))
                .as("the deal is in the store").isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from sync_failure where resolved_at is null", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from outbox where target_connector = 'vendor-sf'", Integer.class)).as("and on its way to Salesforce").isEqualTo(1);
    }

    @Test
    @DisplayName("when the vendor's partner Accounts arrive, the deals that waited for their partner go in at once, not after their backoff")
    void waitingDealsGoInWhenPartnersArrive() {
        String repDeal = dealReadBeforeItsPartner();
        assertThat(referenceRetry.retryDue()).as("kept as a REFERENCE failure, its backoff not over").isZero();

        vendorPartnerArrives();
        PartnersArrived arrived = events.stream(PartnersArrived.class).reduce((first, last) -> last)
                .orElseThrow(() -> new AssertionError("no PartnersArrived published when the partner was created"));
        assertThat(referenceRetry.retryWaiting(arrived.at())).isEqualTo(1);

        assertThat(jdbc.queryForObject("select count(*) from external_ref where connector = 'acme-hubspot' and external_id = ?", Integer.class, repDeal))
                .as("the deal is in the store").isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from sync_failure where resolved_at is null", Integer.class)).isZero();
        assertThat(referenceRetry.retryWaiting(arrived.at())).as("nothing is taken twice").isZero();
    }

    @Test
    @DisplayName("1,000 deals changed inside the look-back with HubSpot's search limit enforced: every deal arrives, no 429, and a later edit of one of them too")
    void searchLimitNoLivelock() {
        ACME_PORTAL.enforceLimits(100, 5);
        List<String> ids = new ArrayList<>();
        List<ObjectNode> deals = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String id = String.valueOf(HUBSPOT_IDS.incrementAndGet());
            ids.add(id);
            deals.add(deal(id, "Deal " + i, "1000", Instant.now().minusMillis(1000 - i)));
        }
        ACME_PORTAL.seed("deals", deals);

        var first = hubspot.read("acme-hubspot", EntityType.DEAL);
        ACME_PORTAL.find("deals", ids.get(17)).with("properties").put("amount", "4242").put("hs_lastmodifieddate", HUBSPOT_TIME.format(Instant.now()));
        hubspot.read("acme-hubspot", EntityType.DEAL);

        assertThat(first.records()).isEqualTo(1000);
        assertThat(count("deal")).isEqualTo(1000);
        assertThat(ACME_PORTAL.refused()).as("searches honour 5 per rolling second and 100 requests per 10 s exactly").isZero();
        assertThat(jdbc.queryForObject("select amount::int from deal d join external_ref r on r.entity_id = d.id where r.external_id = ?",
                Integer.class, ids.get(17))).isEqualTo(4242);
    }

    @Test
    @DisplayName("12,000 deals modified within one minute (past HubSpot's 10,000-result stop) arrive in one read, without re-reading the window")
    void twelveThousandInOneMinute() {
        List<ObjectNode> deals = new ArrayList<>();
        Instant start = Instant.now().minusSeconds(60);
        for (int i = 0; i < 12_000; i++) {
            deals.add(deal(String.valueOf(HUBSPOT_IDS.incrementAndGet()), "Deal " + i, "500", start.plusMillis(i * 5L)));
        }
        ACME_PORTAL.seed("deals", deals);

        var read = hubspot.read("acme-hubspot", EntityType.DEAL);

        assertThat(count("deal")).isEqualTo(12_000);
        assertThat(read.queries()).as("a new search where the 10,000 stop ends the first").isEqualTo(2);
        assertThat(read.pages()).as("60 pages of 200 and the one re-read at the split, no more").isLessThanOrEqualTo(62);
    }

    @Test
    @DisplayName("an idle source costs one call per entity per poll: the next read starts strictly after the cursor, not at the look-back before it")
    void idlePollsCostOneCall() throws Exception {
        for (int i = 0; i < 250; i++) {
            ORG.seed("Lead", salesforceLead(String.format("00QIDLE%09d", i), "001A00000000ACME", "lead" + i + "@contoso.com", "Contoso",
                    "2026-11-21T09:00:00.000+0000"));
        }
        salesforce.read("vendor-sf", EntityType.LEAD);
        SALESFORCE.server().resetRequests();

        salesforce.read("vendor-sf", EntityType.LEAD);

        var queries = SALESFORCE.server().findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathMatching(".*/queryAll/?")));
        assertThat(queries).hasSize(1);
        assertThat(queries.get(0).queryParameter("q").firstValue()).as("strictly after the last lead read")
                .contains("SystemModstamp > 2026-11-21T09:00:00.000Z OR (SystemModstamp = 2026-11-21T09:00:00.000Z AND Id > '00QIDLE000000249')");
    }

    @Test
    @DisplayName("a Salesforce lead deleted after it reached the partner's portal is marked recalled there, never deleted")
    void deletionReachesThePartnersCopy() {
        ORG.seed("Lead", salesforceLead("00QDEL0000000001", "001A00000000ACME", "dana@contoso.com", "Contoso", MODSTAMP.format(Instant.now())));
        salesforce.read("vendor-sf", EntityType.LEAD);
        relay.relay("acme-hubspot");
        UUID lead = jdbc.queryForObject("select entity_id from external_ref where connector = 'vendor-sf' and external_id = '00QDEL0000000001'", UUID.class);
        assertThat(ACME_PORTAL.objects("contacts").get(lead.toString()).path("properties").path("partnersync_lead_status").asText()).isEqualTo("assigned");

        ORG.edit("Lead", "00QDEL0000000001", Map.of("IsDeleted", true));
        salesforce.read("vendor-sf", EntityType.LEAD);
        relay.relay("acme-hubspot");

        assertThat(jdbc.queryForObject("select archived_at is not null from lead where id = ?", Boolean.class, lead)).isTrue();
        assertThat(ACME_PORTAL.objects("contacts")).as("the contact stays").hasSize(1);
        assertThat(ACME_PORTAL.objects("contacts").get(lead.toString()).path("properties").path("partnersync_lead_status").asText()).isEqualTo("recalled");
        assertThat(jdbc.queryForObject("select count(*) from outbox", Integer.class)).as("nothing left owed").isZero();
    }

    @Test
    @DisplayName("an unregistered deal reaches Salesforce with an empty registration status, never the invented option NONE")
    void noInventedStatus() throws Exception {
        String repDeal = repCreatesDeal("Fabrikam switches", "3000");
        hubspot.read("acme-hubspot", EntityType.DEAL);
        relay.relay("vendor-sf");

        var upserts = SALESFORCE.server().findAll(patchRequestedFor(urlPathMatching(".*/composite/sobjects/Opportunity/PartnerSync_Id__c")));
        assertThat(upserts).hasSize(1);
        var sent = json.readTree(upserts.get(0).getBodyAsString()).path("records").path(0);
        assertThat(sent.has("Registration_Status__c")).isTrue();
        assertThat(sent.path("Registration_Status__c").isNull()).as("sent as empty").isTrue();
        assertThat(ORG.byExternalId("Opportunity", "PartnerSync_Id__c", dealId("acme-hubspot", repDeal).toString()).get("Registration_Status__c")).isNull();
        assertThat(ACME.findAll(postRequestedFor(urlPathEqualTo("/crm/v3/objects/deals/batch/update")))).isEmpty();
    }

    /** The store has no partner yet; a rep's deal is read: kept as a REFERENCE failure. Returns its HubSpot id. */
    private String dealReadBeforeItsPartner() {
        jdbc.update("truncate partner");
        jdbc.update("delete from external_ref where entity_type = 'PARTNER'");
        String repDeal = repCreatesDeal("Early bird", "900");
        hubspot.read("acme-hubspot", EntityType.DEAL);
        return repDeal;
    }

    private void vendorPartnerArrives() {
        ORG.seed("Account", salesforcePartner("001A00000000ACME", "acme", "Acme", "Gold", MODSTAMP.format(Instant.now())));
        salesforce.read("vendor-sf", EntityType.PARTNER);
    }

    private String repCreatesDeal(String name, String amount) {
        String id = String.valueOf(HUBSPOT_IDS.incrementAndGet());
        ACME_PORTAL.seed("deals", List.of(deal(id, name, amount, Instant.now())));
        return id;
    }

    private static ObjectNode deal(String id, String name, String amount, Instant modified) {
        return io.partnersync.support.Records.portalDeal(id, name, amount, modified);
    }

    private UUID dealId(String connector, String externalId) {
        return jdbc.queryForObject("select entity_id from external_ref where connector = ? and entity_type = 'DEAL' and external_id = ?",
                UUID.class, connector, externalId);
    }

    private int count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Integer.class);
    }
}
