package io.partnersync.registration;

import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.canonical.EntityType;
import io.partnersync.sync.OutboxRelay;
import io.partnersync.sync.IncrementalReads;
import io.partnersync.sandbox.simulator.HubSpotSimulator;
import io.partnersync.sandbox.simulator.SalesforceSimulator;
import io.partnersync.support.Connectors;
import io.partnersync.support.IntegrationTest;
import io.partnersync.support.Simulators;
import io.partnersync.support.StoreTest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
 * Deal registration end to end: two partners' HubSpot portals and the vendor's Salesforce, the
 * sandbox's simulators (stateful, as the reliability suite uses them), with the real pollers, ingest path, policy, outbox relay, camel-salesforce
 * and our HubSpot client in between.
 */
@IntegrationTest
@DisplayName("Deal registration, end to end")
class RegistrationFlowIT extends StoreTest {

    static final SalesforceSimulator ORG = Simulators.salesforce();
    static final HubSpotSimulator ACME_PORTAL = Simulators.portal("acme", 71_000_000_000L);
    static final HubSpotSimulator GLOBEX_PORTAL = Simulators.portal("globex", 72_000_000_000L);
    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @org.junit.jupiter.api.AfterAll
    static void closeSimulators() {
        ORG.close();
        ACME_PORTAL.close();
        GLOBEX_PORTAL.close();
    }

    @Autowired IncrementalReads salesforce;
    @Autowired IncrementalReads hubspot;
    @Autowired OutboxRelay relay;
    @Autowired JdbcTemplate jdbc;
    @Autowired ObjectMapper json;
    @Autowired TestRestTemplate http;

    @DynamicPropertySource
    static void crms(DynamicPropertyRegistry registry) {
        Connectors.salesforceVendor(registry, 0, ORG::url, "partner,deal", "FLOW_SF");
        Connectors.hubspotPartner(registry, 1, "acme", ACME_PORTAL::url);
        Connectors.hubspotPartner(registry, 2, "globex", GLOBEX_PORTAL::url);
        String rules = "partnersync.governance.registration.";
        registry.add(rules + "conflict-policy", () -> "review");
        registry.add(rules + "extension-days", () -> "30");
        registry.add(rules + "product-lines.network-security", () -> "Firewall,Firewall X200");
        registry.add(rules + "tiers.gold.auto-approve-below", () -> "100000");
        registry.add(rules + "tiers.silver.auto-approve-below", () -> "50000");
        registry.add(rules + "tiers.silver.max-amount", () -> "500000");
    }

    @BeforeEach
    void partners() {
        if (ORG.all("Account").isEmpty()) {
            ORG.seed("Account", salesforcePartner("001A00000000ACME", "acme", "Acme", "Gold", modstamp()));
            ORG.seed("Account", salesforcePartner("001G0000000GLOBX", "globex", "Globex", "Silver", modstamp()));
            salesforce.read("vendor-sf", EntityType.PARTNER);
        }
    }

    @Test
    @DisplayName("A registers, B registers the same customer a minute later: A approved, B to review linked to A; both reps see why; the channel manager approves B in Salesforce and B's deal shows it")
    void twoPartnersOneCustomer() {
        String acmeDeal = repRegisters(ACME_PORTAL, "Contoso firewall refresh", "60000", "Contoso GmbH", "contoso.com", "Firewall");
        sync("acme-hubspot");
        String globexDeal = repRegisters(GLOBEX_PORTAL, "CONTOSO perimeter", "40000", "CONTOSO Inc.", "https://www.contoso.com/", "Firewall X200");
        sync("globex-hubspot");

        UUID a = dealId("acme-hubspot", acmeDeal);
        UUID b = dealId("globex-hubspot", globexDeal);
        LocalDate until = TODAY.plusDays(90);
        assertThat(registration(a)).containsEntry("status", "APPROVED").containsEntry("rule", "approval.auto");
        assertThat(registration(b)).containsEntry("status", "PENDING_REVIEW").containsEntry("rule", "conflict.other-partner");

        Map<String, Object> sfA = Simulators.byField(ORG, "Opportunity", "PartnerSync_Id__c", a.toString());
        Map<String, Object> sfB = Simulators.byField(ORG, "Opportunity", "PartnerSync_Id__c", b.toString());
        assertThat(opportunitiesOf(a, b)).as("one Opportunity each").isEqualTo(2);
        assertThat(sfA).containsEntry("Registration_Status__c", "Approved").containsEntry("Exclusive_Until__c", until.toString())
                .containsEntry("PartnerAccountId", "001A00000000ACME");
        assertThat(sfB).containsEntry("Registration_Status__c", "Pending Review").containsEntry("PartnerAccountId", "001G0000000GLOBX")
                .containsEntry("Competing_Registration__c", sfA.get("Id"));
        assertThat((String) sfB.get("Registration_Reason__c")).contains("conflicts with an approved registration");

        var acmeProps = props(ACME_PORTAL, acmeDeal);
        assertThat(acmeProps.path("partnersync_registration_status").asText()).isEqualTo("approved");
        assertThat(acmeProps.path("partnersync_registration_reason").asText()).startsWith("Approved automatically");
        assertThat(acmeProps.path("partnersync_exclusive_until").asText()).isEqualTo(until.toString());
        var globexProps = props(GLOBEX_PORTAL, globexDeal);
        assertThat(globexProps.path("partnersync_registration_status").asText()).isEqualTo("pending_review");
        assertThat(globexProps.path("partnersync_registration_reason").asText())
                .as("says it needs review, not who holds the customer or until when").contains("another partner")
                .doesNotContain(until.toString()).doesNotContain("Acme");
        assertThat(GLOBEX_PORTAL.all("deals").entrySet().stream().filter(d -> b.toString().equals(d.getValue().get("partnersync_id"))).map(Map.Entry::getKey))
                .as("the rep's deal was updated, not copied").containsExactly(globexDeal);

        ORG.edit("Opportunity", (String) sfB.get("Id"), Map.of("Registration_Status__c", "Approved"));
        salesforce.read("vendor-sf", EntityType.DEAL);
        relay.relay("globex-hubspot");
        relay.relay("vendor-sf");

        assertThat(registration(b)).containsEntry("status", "APPROVED").containsEntry("rule", "manager.approved");
        globexProps = props(GLOBEX_PORTAL, globexDeal);
        assertThat(globexProps.path("partnersync_registration_status").asText()).isEqualTo("approved");
        assertThat(globexProps.path("partnersync_registration_reason").asText()).startsWith("Approved by the channel manager");
        assertThat(globexProps.path("partnersync_exclusive_until").asText()).isEqualTo(until.toString());
        assertThat(Simulators.byField(ORG, "Opportunity", "PartnerSync_Id__c", b.toString())).containsEntry("Exclusive_Until__c", until.toString());
        assertThat(jdbc.queryForList("select action || ' ' || (detail->>'rule') from audit_event where entity_id = ? order by id", String.class, b))
                .containsExactly("registration-pending-review conflict.other-partner", "registration-approved manager.approved");

        // the same inputs again, and a restart that lost every checkpoint: nothing changes
        int audits = count("audit_event");
        jdbc.update("delete from sync_checkpoint");
        sync("acme-hubspot");
        sync("globex-hubspot");
        salesforce.read("vendor-sf", EntityType.DEAL);
        List.of("vendor-sf", "acme-hubspot", "globex-hubspot").forEach(relay::relay);
        assertThat(count("audit_event")).isEqualTo(audits);
        assertThat(jdbc.queryForObject("select count(*) from deal_registration where deal_id in (?, ?)", Integer.class, a, b)).isEqualTo(2);
        assertThat(opportunitiesOf(a, b)).isEqualTo(2);
        assertThat(registration(a)).containsEntry("status", "APPROVED");
        assertThat(registration(b)).containsEntry("status", "APPROVED");
        assertThat(ACME_PORTAL.lastRequest("search deals").orElseThrow().body()).as("the marking property is read").contains("partnersync_register");
    }

    @Test
    @DisplayName("the vendor's own open opportunity for the customer sends a registration to review as a channel conflict")
    void vendorDirectConflict() {
        Map<String, Object> direct = new java.util.LinkedHashMap<>();
        direct.put("attributes", Map.of("type", "Opportunity"));
        direct.put("Id", "006D0000000DIRECT");
        direct.put("Name", "Fabrikam renewal (direct)");
        direct.put("PartnerAccountId", null);
        direct.put("Account", Map.of("attributes", Map.of("type", "Account"), "Name", "Fabrikam AG", "Website", "https://fabrikam.example"));
        direct.put("Product_Line__c", "Firewall");
        direct.put("Amount", 90000);
        direct.put("CurrencyIsoCode", "EUR");
        direct.put("CloseDate", TODAY.plusMonths(2).toString());
        direct.put("StageName", "Proposal/Price Quote");
        direct.put("IsDeleted", false);
        direct.put("SystemModstamp", modstamp());
        ORG.seed("Opportunity", direct);
        salesforce.read("vendor-sf", EntityType.DEAL);

        String deal = repRegisters(ACME_PORTAL, "Fabrikam firewalls", "20000", "Fabrikam", "fabrikam.example", "Firewall");
        sync("acme-hubspot");

        UUID id = dealId("acme-hubspot", deal);
        assertThat(registration(id)).containsEntry("status", "PENDING_REVIEW").containsEntry("rule", "conflict.vendor-direct");
        assertThat(props(ACME_PORTAL, deal).path("partnersync_registration_reason").asText())
                .contains("vendor's own sales team");
        assertThat(jdbc.queryForObject("select direct_opportunities[1] from deal_registration where deal_id = ?", String.class, id))
                .isEqualTo("006D0000000DIRECT");
    }

    @Test
    @DisplayName("a registration without an amount is rejected, the rep's deal says which field is missing, and once the rep fills it in the deal is decided again")
    void missingFieldRejected() {
        String deal = repRegisters(ACME_PORTAL, "Northwind, no amount", "", "Northwind Traders", "northwind.example", "Firewall");
        sync("acme-hubspot");

        UUID id = dealId("acme-hubspot", deal);
        assertThat(registration(id)).containsEntry("status", "REJECTED").containsEntry("rule", "eligibility.required-field");
        var properties = props(ACME_PORTAL, deal);
        assertThat(properties.path("partnersync_registration_status").asText()).isEqualTo("rejected");
        assertThat(properties.path("partnersync_registration_reason").asText()).contains("amount");
        assertThat(Simulators.byField(ORG, "Opportunity", "PartnerSync_Id__c", id.toString())).containsEntry("Registration_Status__c", "Rejected");

        // the rep fills in the amount in HubSpot: the registration is decided again
        ACME_PORTAL.write("deals", deal, Map.of("amount", "12000"));
        sync("acme-hubspot");

        assertThat(registration(id)).containsEntry("status", "APPROVED").containsEntry("rule", "approval.auto");
        assertThat(props(ACME_PORTAL, deal).path("partnersync_registration_status").asText()).isEqualTo("approved");
        assertThat(Simulators.byField(ORG, "Opportunity", "PartnerSync_Id__c", id.toString())).containsEntry("Registration_Status__c", "Approved");
    }

    @Test
    @DisplayName("expiry: the registration becomes expired in the store, Salesforce and the partner's deal, and the customer is free for another partner")
    void expiryFreesTheCustomer() {
        String acmeDeal = repRegisters(ACME_PORTAL, "Litware firewall", "30000", "Litware", "litware.example", "Firewall");
        sync("acme-hubspot");
        UUID a = dealId("acme-hubspot", acmeDeal);
        assertThat(registration(a)).containsEntry("status", "APPROVED");
        jdbc.update("update deal_registration set exclusive_until = ? where deal_id = ?", TODAY.minusDays(1), a);

        var run = http.withBasicAuth("ops", "ops-test-password").postForEntity("/api/registrations/expiry-run", null, Map.class);
        relay.relay("vendor-sf");
        relay.relay("acme-hubspot");

        assertThat(run.getBody()).containsEntry("expired", 1);
        assertThat(jdbc.queryForObject("select count(*) from scheduled_tasks where task_name = 'registration-expiry'", Integer.class))
                .as("the expiry timer's schedule is kept in PostgreSQL").isEqualTo(1);
        assertThat(registration(a)).containsEntry("status", "EXPIRED").containsEntry("rule", "expiry.expired");
        assertThat(Simulators.byField(ORG, "Opportunity", "PartnerSync_Id__c", a.toString())).containsEntry("Registration_Status__c", "Expired");
        assertThat(props(ACME_PORTAL, acmeDeal).path("partnersync_registration_status").asText()).isEqualTo("expired");

        String globexDeal = repRegisters(GLOBEX_PORTAL, "Litware edge", "20000", "Litware Ltd", "litware.example", "Firewall");
        sync("globex-hubspot");
        assertThat(registration(dealId("globex-hubspot", globexDeal))).containsEntry("status", "APPROVED").containsEntry("rule", "approval.auto");
    }

    @Test
    @DisplayName("one extension is granted through the API and reaches both CRMs; a second is refused with the reason")
    void singleExtension() {
        String deal = repRegisters(ACME_PORTAL, "Tailspin firewall", "30000", "Tailspin Toys", "tailspin.example", "Firewall");
        sync("acme-hubspot");
        UUID id = dealId("acme-hubspot", deal);

        var first = http.withBasicAuth("admin", "admin-test-password").postForEntity("/api/registrations/" + id + "/extension", null, Map.class);
        var second = http.withBasicAuth("admin", "admin-test-password").postForEntity("/api/registrations/" + id + "/extension", null, Map.class);
        relay.relay("vendor-sf");
        relay.relay("acme-hubspot");

        LocalDate extended = TODAY.plusDays(120);
        assertThat(first.getStatusCode().value()).isEqualTo(200);
        assertThat(registration(id)).containsEntry("rule", "extension.granted");
        assertThat(second.getStatusCode().value()).isEqualTo(409);
        assertThat(second.getBody().get("detail").toString()).containsIgnoringCase("extended");
        assertThat(props(ACME_PORTAL, deal).path("partnersync_exclusive_until").asText()).isEqualTo(extended.toString());
        assertThat(Simulators.byField(ORG, "Opportunity", "PartnerSync_Id__c", id.toString())).containsEntry("Exclusive_Until__c", extended.toString());
    }

    @Test
    @DisplayName("a deal closed lost in the partner's CRM ends its registration and frees the customer")
    void closedLostEndsIt() {
        String deal = repRegisters(ACME_PORTAL, "Adatum firewall", "30000", "Adatum", "adatum.example", "Firewall");
        sync("acme-hubspot");
        UUID id = dealId("acme-hubspot", deal);
        ACME_PORTAL.write("deals", deal, Map.of("dealstage", "closedlost"));
        sync("acme-hubspot");

        assertThat(registration(id)).containsEntry("status", "EXPIRED").containsEntry("rule", "expiry.closed");
        assertThat(props(ACME_PORTAL, deal).path("partnersync_registration_status").asText()).isEqualTo("expired");
        assertThat(Simulators.byField(ORG, "Opportunity", "PartnerSync_Id__c", id.toString())).containsEntry("StageName", "Closed Lost")
                .containsEntry("Registration_Status__c", "Expired");
    }

    @Test
    @DisplayName("a deal synced before is registered when the rep only ticks the box; the write-back touches only the decision, never the rep's stage")
    void tickingTheBoxLater() {
        String deal = repRegisters(ACME_PORTAL, "Woodgrove firewall", "30000", "Woodgrove Bank", "woodgrove.example", "Firewall");
        ACME_PORTAL.write("deals", deal, Map.of("partnersync_register", "false", "dealstage", "decisionmakerboughtin"));
        sync("acme-hubspot");
        UUID id = dealId("acme-hubspot", deal);
        assertThat(jdbc.queryForObject("select count(*) from deal_registration where deal_id = ?", Integer.class, id)).isZero();

        ACME_PORTAL.write("deals", deal, Map.of("partnersync_register", "true"));
        sync("acme-hubspot");

        assertThat(registration(id)).containsEntry("status", "APPROVED");
        var properties = props(ACME_PORTAL, deal);
        assertThat(properties.path("partnersync_registration_status").asText()).isEqualTo("approved");
        assertThat(properties.path("dealstage").asText()).as("the rep's own stage is left alone").isEqualTo("decisionmakerboughtin");
    }

    @Test
    @DisplayName("a decision edited in the wrong place is put back: the rep cannot approve their own registration in HubSpot")
    void decisionEditedInThePartnerCrm() {
        String deal = repRegisters(ACME_PORTAL, "Proseware firewall", "150000", "Proseware", "proseware.example", "Firewall");
        sync("acme-hubspot");
        UUID id = dealId("acme-hubspot", deal);
        assertThat(registration(id)).containsEntry("status", "PENDING_REVIEW").containsEntry("rule", "approval.review");

        ACME_PORTAL.write("deals", deal, Map.of("partnersync_registration_status", "approved"));
        sync("acme-hubspot");

        assertThat(registration(id)).containsEntry("status", "PENDING_REVIEW");
        assertThat(props(ACME_PORTAL, deal).path("partnersync_registration_status").asText()).isEqualTo("pending_review");
    }

    @Test
    @DisplayName("a closed-won registration stays approved and complete; the expiry run passes it by, however old its exclusivity")
    void closedWonIsNotExpired() {
        String deal = repRegisters(ACME_PORTAL, "Coho firewall", "30000", "Coho Winery", "coho.example", "Firewall");
        sync("acme-hubspot");
        UUID id = dealId("acme-hubspot", deal);
        ACME_PORTAL.write("deals", deal, Map.of("dealstage", "closedwon"));
        sync("acme-hubspot");
        jdbc.update("update deal_registration set exclusive_until = ? where deal_id = ?", TODAY.minusDays(10), id);

        http.withBasicAuth("ops", "ops-test-password").postForEntity("/api/registrations/expiry-run", null, Map.class);

        assertThat(registration(id)).containsEntry("status", "APPROVED").containsEntry("rule", "expiry.closed");
    }

    @Test
    @DisplayName("a channel manager's rejection stands when the rep edits the deal; an approval moved to another customer is decided again for it")
    void rejectionStandsAndMovesAreDecided() {
        String rejected = repRegisters(GLOBEX_PORTAL, "Alpine firewall", "60000", "Alpine Ski House", "alpine.example", "Firewall");
        sync("globex-hubspot");
        UUID r = dealId("globex-hubspot", rejected);
        assertThat(registration(r)).containsEntry("status", "PENDING_REVIEW");
        ORG.edit("Opportunity", (String) Simulators.byField(ORG, "Opportunity", "PartnerSync_Id__c", r.toString()).get("Id"),
                Map.of("Registration_Status__c", "Rejected", "Registration_Reason__c", "Alpine is a named account of the vendor"));
        salesforce.read("vendor-sf", EntityType.DEAL);
        assertThat(registration(r)).containsEntry("status", "REJECTED").containsEntry("rule", "manager.rejected");
        GLOBEX_PORTAL.write("deals", rejected, Map.of("amount", "20000"));
        sync("globex-hubspot");
        assertThat(registration(r)).as("the manager's call is final").containsEntry("status", "REJECTED").containsEntry("rule", "manager.rejected");
        assertThat(props(GLOBEX_PORTAL, rejected).path("partnersync_registration_reason").asText())
                .contains("Alpine is a named account of the vendor");

        String approved = repRegisters(ACME_PORTAL, "Margie firewall", "30000", "Margie's Travel", "margie.example", "Firewall");
        String holder = repRegisters(GLOBEX_PORTAL, "Lucerne firewall", "30000", "Lucerne Publishing", "lucerne.example", "Firewall");
        sync("acme-hubspot");
        sync("globex-hubspot");
        UUID moved = dealId("acme-hubspot", approved);
        assertThat(registration(moved)).containsEntry("status", "APPROVED");
        assertThat(registration(dealId("globex-hubspot", holder))).containsEntry("status", "APPROVED");
        ACME_PORTAL.write("deals", approved, Map.of("partnersync_customer_name", "Lucerne Publishing", "partnersync_customer_domain", "lucerne.example"));
        sync("acme-hubspot");

        assertThat(registration(moved)).as("the customer is held by another partner").containsEntry("status", "PENDING_REVIEW")
                .containsEntry("rule", "conflict.other-partner");
    }

    /** A rep creates a deal in the portal and ticks "register"; returns its HubSpot id. */
    @Test
    @DisplayName("a registration without a close date is rejected, and the vendor still sees it in Salesforce (which requires one: a placeholder"
            + " that reads back as none); once the rep adds the date, it is decided again")
    void missingCloseDate() {
        Map<String, String> deal = Simulators.registeredDeal("Fourth Coffee switches", "30000", "Fourth Coffee", "fourthcoffee.example", "Firewall", TODAY);
        deal.remove("closedate");
        String repDeal = ACME_PORTAL.create("deals", deal);
        sync("acme-hubspot");

        UUID id = dealId("acme-hubspot", repDeal);
        assertThat(registration(id)).containsEntry("status", "REJECTED");
        assertThat((String) registration(id).get("reason")).contains("the expected close date");
        Map<String, Object> opportunity = Simulators.byField(ORG, "Opportunity", "PartnerSync_Id__c", id.toString());
        assertThat(opportunity).as("the vendor sees the deal and the rejection").isNotNull()
                .containsEntry("Registration_Status__c", "Rejected").containsEntry("CloseDate", "2099-12-31");
        assertThat((String) opportunity.get("Registration_Reason__c")).contains("the expected close date");
        assertThat(jdbc.queryForObject("select close_date from deal where id = ?", java.sql.Date.class, id)).as("the placeholder is no close date").isNull();
        assertThat(props(ACME_PORTAL, repDeal).path("partnersync_registration_status").asText()).isEqualTo("rejected");
        assertThat(props(ACME_PORTAL, repDeal).path("closedate").asText()).as("the placeholder never reaches the rep").isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from sync_failure where resolved_at is null", Integer.class)).isZero();

        // Salesforce's copy read back: still no close date in the store
        salesforce.read("vendor-sf", EntityType.DEAL);
        assertThat(jdbc.queryForObject("select close_date from deal where id = ?", java.sql.Date.class, id)).isNull();

        // the rep adds it: decided again, and Salesforce gets the real date
        ACME_PORTAL.write("deals", repDeal, Map.of("closedate", TODAY.plusMonths(3) + "T00:00:00Z"));
        sync("acme-hubspot");
        assertThat(registration(id)).containsEntry("status", "APPROVED");
        assertThat(Simulators.byField(ORG, "Opportunity", "PartnerSync_Id__c", id.toString())).containsEntry("Registration_Status__c", "Approved")
                .containsEntry("CloseDate", TODAY.plusMonths(3).toString());
    }

    private String repRegisters(HubSpotSimulator portal, String name, String amount, String customer, String domain, String product) {
        return portal.create("deals", Simulators.registeredDeal(name, amount, customer, domain, product, TODAY.plusMonths(4)));
    }

    /** The deal's properties as the portal holds them now. */
    private com.fasterxml.jackson.databind.JsonNode props(HubSpotSimulator portal, String id) {
        return json.valueToTree(portal.all("deals").get(id));
    }

    /** One round of a partner's sync: read its portal, write to Salesforce, write back to the portal. */
    private void sync(String connector) {
        hubspot.read(connector, EntityType.DEAL);
        relay.relay("vendor-sf");
        relay.relay(connector);
    }

    private UUID dealId(String connector, String externalId) {
        return jdbc.queryForObject("select entity_id from external_ref where connector = ? and entity_type = 'DEAL' and external_id = ?",
                UUID.class, connector, externalId);
    }

    private Map<String, Object> registration(UUID dealId) {
        return jdbc.queryForMap("select status, rule, reason, exclusive_until from deal_registration where deal_id = ?", dealId);
    }

    private long opportunitiesOf(UUID... deals) {
        List<String> ids = java.util.Arrays.stream(deals).map(UUID::toString).toList();
        return ORG.all("Opportunity").stream().filter(o -> ids.contains(String.valueOf(o.get("PartnerSync_Id__c")))).count();
    }

    private int count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Integer.class);
    }

    private static String modstamp() {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC).format(Instant.now());
    }
}
