package io.partnersync.distribution;

import static io.partnersync.support.Records.salesforceLead;
import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partnersync.canonical.EntityType;
import io.partnersync.sync.IncrementalReads;
import io.partnersync.sandbox.simulator.HubSpotSimulator;
import io.partnersync.sandbox.simulator.SalesforceSimulator;
import io.partnersync.support.Connectors;
import io.partnersync.support.IntegrationTest;
import io.partnersync.support.Simulators;
import io.partnersync.support.StoreTest;
import io.partnersync.sync.OutboxRelay;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Lead distribution end to end: the vendor's Salesforce and three partners' HubSpot portals, the
 * sandbox's stateful simulators, with the real pollers, ingest path, distribution step, deadlines, outbox relay,
 * camel-salesforce and our HubSpot client in between.
 */
@IntegrationTest
@DisplayName("Lead distribution, end to end")
class LeadDistributionFlowIT extends StoreTest {

    static final SalesforceSimulator ORG = Simulators.salesforce();
    static final Map<String, HubSpotSimulator> PORTALS = Map.of("acme", Simulators.portal("acme", 51_000_000_000L),
            "globex", Simulators.portal("globex", 52_000_000_000L), "initech", Simulators.portal("initech", 53_000_000_000L));
    static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    static final DateTimeFormatter MODSTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);

    @org.junit.jupiter.api.AfterAll
    static void closeSimulators() {
        ORG.close();
        PORTALS.values().forEach(HubSpotSimulator::close);
    }

    @Autowired IncrementalReads salesforce;
    @Autowired IncrementalReads hubspot;
    @Autowired OutboxRelay relay;
    @Autowired JdbcTemplate jdbc;
    @Autowired TestRestTemplate http;

    @DynamicPropertySource
    static void crms(DynamicPropertyRegistry registry) {
        Connectors.salesforceVendor(registry, 0, ORG::url, "partner,lead", "DIST_SF");
        Connectors.hubspotPartner(registry, 1, "acme", PORTALS.get("acme")::url, "lead");
        Connectors.hubspotPartner(registry, 2, "globex", PORTALS.get("globex")::url, "lead");
        Connectors.hubspotPartner(registry, 3, "initech", PORTALS.get("initech")::url, "lead");
        registry.add("partnersync.distribution.max-assignments", () -> "3");
        registry.add("partnersync.distribution.accept-within", () -> "P2D");
    }

    @BeforeEach
    void fresh() {
        ORG.clear();
        PORTALS.values().forEach(HubSpotSimulator::clear);
        jdbc.update("truncate lead, partner, external_ref, outbox, sync_checkpoint, sync_failure, audit_event, lead_assignment, lead_partner_stats");
        ORG.seed("Account", partner("001A0000000ACME", "acme", "Acme", "Gold", "DE;FR"));
        ORG.seed("Account", partner("001G000000GLOBX", "globex", "Globex", "Gold", "DE"));
        ORG.seed("Account", partner("001I00000INITCH", "initech", "Initech", "Silver", "DE-BY"));
        salesforce.read("vendor-sf", EntityType.PARTNER);
    }

    @Test
    @DisplayName("a rejection and two missed deadlines recall the lead from each portal in turn (marked recalled there), then it is back in the vendor's queue")
    void rejectExpireReturn() {
        ORG.seed("Lead", lead("00Q000000000001", "dana@contoso.de"));
        salesforce.read("vendor-sf", EntityType.LEAD);
        relayAll();

        UUID leadId = leadId("00Q000000000001");
        ObjectNode atAcme = contact("acme", leadId);
        assertThat(atAcme.path("properties").path("partnersync_lead_status").asText()).isEqualTo("assigned");
        assertThat(atAcme.path("properties").path("partnersync_accept_by").asText()).as("its deadline").isNotEmpty();
        assertThat(PORTALS.get("globex").all("contacts")).as("only the chosen partner gets it").isEmpty();
        Map<String, Object> inSalesforce = Simulators.byField(ORG, "Lead", "Id", "00Q000000000001");
        assertThat(inSalesforce.get("Partner_Lead_Status__c")).isEqualTo("Assigned");
        assertThat(inSalesforce.get("Assigned_Partner__c")).isEqualTo("001A0000000ACME");
        assertThat((String) inSalesforce.get("Partner_Distribution_Reason__c")).startsWith("Assigned to Acme: its territory includes DE-BY for Firewall");

        repAnswers("acme", leadId, "rejected", "Not our area");
        relayAll();

        assertThat(contact("acme", leadId).path("properties").path("partnersync_lead_status").asText()).as("recalled, not deleted").isEqualTo("recalled");
        assertThat(contact("globex", leadId).path("properties").path("partnersync_lead_status").asText()).isEqualTo("assigned");
        assertThat(Simulators.byField(ORG, "Lead", "Id", "00Q000000000001").get("Assigned_Partner__c")).isEqualTo("001G000000GLOBX");

        deadlinePasses();
        relayAll();

        assertThat(contact("globex", leadId).path("properties").path("partnersync_lead_status").asText()).isEqualTo("recalled");
        assertThat(contact("initech", leadId).path("properties").path("partnersync_lead_status").asText()).isEqualTo("assigned");

        deadlinePasses();
        relayAll();

        assertThat(contact("initech", leadId).path("properties").path("partnersync_lead_status").asText()).isEqualTo("recalled");
        Map<String, Object> returned = Simulators.byField(ORG, "Lead", "Id", "00Q000000000001");
        assertThat(returned.get("Partner_Lead_Status__c")).isEqualTo("Returned");
        assertThat(returned.get("Assigned_Partner__c")).isNull();
        assertThat(returned.get("Partner_Distribution_Reason__c")).isEqualTo("Back in the vendor's queue: 3 partners had this lead without accepting it.");
        assertThat(jdbc.queryForList("select outcome from lead_assignment where lead_id = ? order by attempt", String.class, leadId))
                .containsExactly("REJECTED", "EXPIRED", "EXPIRED");
        @SuppressWarnings("unchecked")
        Map<String, Object> api = http.withBasicAuth("viewer", "viewer-test-password").getForObject("/api/leads/" + leadId, Map.class);
        assertThat(api.get("status")).isEqualTo("RETURNED");
        assertThat((List<?>) api.get("assignments")).hasSize(3);
        assertThat(jdbc.queryForList("select detail->>'rule' from audit_event where entity_id = ? order by id", String.class, leadId))
                .containsExactly("distribution.assigned", "distribution.rejected", "distribution.assigned", "distribution.expired",
                        "distribution.assigned", "distribution.expired", "distribution.max-assignments");
        assertThat(jdbc.queryForObject("select count(*) from sync_failure", Integer.class)).isZero();
    }

    @Test
    @DisplayName("acceptance reaches Salesforce, the rep's progress flows back, a vendor edit (name, phone, title, address) reaches the partner's copy without reassigning it")
    void acceptProgressVendorEdit() {
        ORG.seed("Lead", lead("00Q000000000002", "lee@fabrikam.de"));
        salesforce.read("vendor-sf", EntityType.LEAD);
        relayAll();
        UUID leadId = leadId("00Q000000000002");

        repAnswers("acme", leadId, "accepted", null);
        relayAll();

        Map<String, Object> accepted = Simulators.byField(ORG, "Lead", "Id", "00Q000000000002");
        assertThat(accepted.get("Partner_Lead_Status__c")).isEqualTo("Accepted");
        assertThat(accepted.get("Partner_Accepted_At__c")).isNotNull();
        assertThat((String) accepted.get("Partner_Distribution_Reason__c")).startsWith("Accepted by Acme on ");

        // the rep's own progress option: its words reach the vendor's Lead Status, the lead stays accepted
        repAnswers("acme", leadId, "qualified", null);
        relayAll();
        assertThat(Simulators.byField(ORG, "Lead", "Id", "00Q000000000002")).containsEntry("Status", "Qualified")
                .containsEntry("Partner_Lead_Status__c", "Accepted");
        assertThat(contact("acme", leadId).path("properties").path("partnersync_lead_status").asText()).as("the rep's option stays in the portal")
                .isEqualTo("qualified");

        repAnswers("acme", leadId, "converted", null);
        relayAll();
        assertThat(Simulators.byField(ORG, "Lead", "Id", "00Q000000000002").get("Partner_Lead_Status__c")).isEqualTo("Converted");

        ORG.edit("Lead", "00Q000000000002", Map.of("FirstName", "Leona", "Phone", "+49 89 1234 5678", "Title", "Head of IT",
                "Street", "Marienplatz 8", "City", "München", "SystemModstamp", MODSTAMP.format(Instant.now())));
        salesforce.read("vendor-sf", EntityType.LEAD);
        relayAll();

        ObjectNode atAcme = contact("acme", leadId);
        assertThat(atAcme.path("properties").path("firstname").asText()).isEqualTo("Leona");
        assertThat(atAcme.path("properties").path("phone").asText()).as("the vendor's phone edit reaches the partner's copy").isEqualTo("+49 89 1234 5678");
        assertThat(atAcme.path("properties").path("jobtitle").asText()).isEqualTo("Head of IT");
        assertThat(atAcme.path("properties").path("address").asText()).isEqualTo("Marienplatz 8");
        assertThat(atAcme.path("properties").path("city").asText()).isEqualTo("München");
        assertThat(atAcme.path("properties").path("partnersync_lead_status").asText()).isEqualTo("converted");
        assertThat(jdbc.queryForObject("select count(*) from lead_assignment where lead_id = ?", Integer.class, leadId)).as("not reassigned").isEqualTo(1);
        assertThat(PORTALS.get("globex").all("contacts")).isEmpty();
    }

    @Test
    @DisplayName("a lead the vendor closes or deletes in Salesforce is recalled from the partner that has it (marked recalled, not deleted)")
    void vendorClosesOrDeletes() {
        ORG.seed("Lead", lead("00Q000000000004", "kim@contoso.de"));
        ORG.seed("Lead", lead("00Q000000000005", "sam@contoso.de"));
        salesforce.read("vendor-sf", EntityType.LEAD);
        relayAll();
        UUID closed = leadId("00Q000000000004");
        UUID deleted = leadId("00Q000000000005");
        String closedAt = jdbc.queryForObject("select p.key from lead l join partner p on p.id = l.partner_id where l.id = ?", String.class, closed);
        String deletedAt = jdbc.queryForObject("select p.key from lead l join partner p on p.id = l.partner_id where l.id = ?", String.class, deleted);

        ORG.edit("Lead", "00Q000000000004", Map.of("Partner_Lead_Status__c", "Disqualified", "SystemModstamp", MODSTAMP.format(Instant.now())));
        ORG.edit("Lead", "00Q000000000005", Map.of("IsDeleted", true, "SystemModstamp", MODSTAMP.format(Instant.now())));
        salesforce.read("vendor-sf", EntityType.LEAD);
        relayAll();

        assertThat(contact(closedAt, closed).path("properties").path("partnersync_lead_status").asText()).isEqualTo("recalled");
        assertThat(contact(deletedAt, deleted).path("properties").path("partnersync_lead_status").asText()).isEqualTo("recalled");
        assertThat(jdbc.queryForObject("select outcome from lead_assignment where lead_id = ?", String.class, closed)).isEqualTo("RECALLED");
        assertThat((String) Simulators.byField(ORG, "Lead", "Id", "00Q000000000004").get("Partner_Distribution_Reason__c")).startsWith("Recalled: closed by the vendor");
        assertThat(jdbc.queryForObject("select count(*) from sync_failure", Integer.class)).isZero();
    }

    @Test
    @DisplayName("a lead no partner's territory includes stays with the vendor, and Salesforce shows why")
    void noPartnerCovers() {
        Map<String, Object> tokyo = lead("00Q000000000003", "aiko@contoso.jp");
        tokyo.put("CountryCode", "jp");
        tokyo.put("StateCode", null);
        ORG.seed("Lead", tokyo);
        salesforce.read("vendor-sf", EntityType.LEAD);
        relayAll();

        Map<String, Object> kept = Simulators.byField(ORG, "Lead", "Id", "00Q000000000003");
        assertThat(kept.get("Partner_Lead_Status__c")).isEqualTo("Returned");
        assertThat(kept.get("Partner_Distribution_Reason__c")).isEqualTo("Kept by the vendor: no partner's territory includes JP.");
        PORTALS.values().forEach(portal -> assertThat(portal.all("contacts")).isEmpty());
    }

    private void repAnswers(String partner, UUID leadId, String status, String reason) {
        Map<String, String> answer = new java.util.LinkedHashMap<>();
        answer.put("partnersync_lead_status", status);
        if (reason != null) {
            answer.put("partnersync_rejection_reason", reason);
        }
        PORTALS.get(partner).write("contacts", contact(partner, leadId).path("id").asText(), answer);
        hubspot.read(partner + "-hubspot", EntityType.LEAD);
    }

    private void deadlinePasses() {
        jdbc.update("update lead_assignment set accept_by = now() - interval '1 minute' where outcome is null");
        @SuppressWarnings("unchecked")
        Map<String, Object> run = http.withBasicAuth("ops", "ops-test-password").postForObject("/api/leads/deadline-run", null, Map.class);
        assertThat(run.get("expired")).isEqualTo(1);
    }

    private void relayAll() {
        for (String connector : List.of("vendor-sf", "acme-hubspot", "globex-hubspot", "initech-hubspot", "vendor-sf")) {
            relay.relay(connector);
        }
    }

    /** The lead's contact in the partner's portal as the API shows it ({@code id}, {@code properties}). */
    private ObjectNode contact(String partner, UUID leadId) {
        Map.Entry<String, Map<String, String>> contact = PORTALS.get(partner).all("contacts").entrySet().stream()
                .filter(c -> leadId.toString().equals(c.getValue().get("partnersync_id"))).findFirst().orElse(null);
        assertThat(contact).as("lead %s in %s's portal", leadId, partner).isNotNull();
        ObjectNode shown = JSON.createObjectNode().put("id", contact.getKey());
        shown.set("properties", JSON.valueToTree(contact.getValue()));
        return shown;
    }

    private UUID leadId(String salesforceId) {
        return jdbc.queryForObject("select entity_id from external_ref where connector = 'vendor-sf' and entity_type = 'LEAD' and external_id = ?",
                UUID.class, salesforceId);
    }

    private static Map<String, Object> partner(String id, String key, String name, String tier, String territories) {
        Map<String, Object> account = salesforcePartner(id, key, name, tier, MODSTAMP.format(Instant.now().minusSeconds(60)));
        account.put("Partner_Territories__c", territories);
        account.put("Partner_Specializations__c", "Firewall;SD-WAN");
        return account;
    }

    private static Map<String, Object> lead(String id, String email) {
        Map<String, Object> lead = salesforceLead(id, null, email, "Contoso GmbH", MODSTAMP.format(Instant.now().minusSeconds(30)));
        lead.put("Partner_Lead_Status__c", "New");
        lead.put("Distribute_To_Partners__c", true);
        lead.put("StateCode", "BY");
        lead.put("PostalCode", "80331");
        return lead;
    }
}
