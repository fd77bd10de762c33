package io.partnersync.connector.salesforce;

import static io.partnersync.support.Records.salesforceLead;
import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;

import io.partnersync.canonical.EntityType;
import io.partnersync.sandbox.simulator.HubSpotSimulator;
import io.partnersync.sandbox.simulator.SalesforceSimulator;
import io.partnersync.support.Connectors;
import io.partnersync.support.IntegrationTest;
import io.partnersync.support.Simulators;
import io.partnersync.support.StoreTest;
import io.partnersync.sync.IncrementalReads;
import io.partnersync.sync.OutboxRelay;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A partner whose CRM is its own Salesforce org (connector kind {@code salesforce}, role partner,
 * {@code mappings/salesforce/partner/}), end to end beside the vendor's org and a partner on HubSpot:
 * two simulated orgs and a portal, the real reads, ingest path, registration, distribution and payout
 * steps, relay and camel-salesforce (one component per org). What the partner's rep sees is asserted
 * in the partner's org; what the vendor sees, in the vendor's.
 */
@IntegrationTest
@DisplayName("A partner on its own Salesforce org")
class SalesforcePartnerOrgIT extends StoreTest {

    static final SalesforceSimulator VENDOR = Simulators.salesforce();
    static final SalesforceSimulator ACME_ORG = Simulators.salesforce();
    static final HubSpotSimulator GLOBEX_PORTAL = Simulators.portal("globex", 91_000_000_000L);
    static final DateTimeFormatter MODSTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);
    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @AfterAll
    static void closeSimulators() {
        VENDOR.close();
        ACME_ORG.close();
        GLOBEX_PORTAL.close();
    }

    @Autowired IncrementalReads reads;
    @Autowired OutboxRelay relay;
    @Autowired JdbcTemplate jdbc;

    @DynamicPropertySource
    static void crms(DynamicPropertyRegistry registry) {
        Connectors.salesforceVendor(registry, 0, VENDOR::url, "partner,deal,lead,payout", "SFP_VENDOR");
        Connectors.salesforcePartner(registry, 1, "acme", ACME_ORG::url, "deal,lead,payout", "SFP_ACME");
        Connectors.hubspotPartner(registry, 2, "globex", GLOBEX_PORTAL::url, "deal,lead,payout");
        registry.add("partnersync.governance.registration.product-lines.network-security", () -> "Firewall,Firewall X200");
        registry.add("partnersync.governance.registration.tiers.gold.auto-approve-below", () -> "100000");
        registry.add("partnersync.payouts.rebate-percent.gold.network-security", () -> "3.5");
        registry.add("partnersync.distribution.max-assignments", () -> "1");
    }

    @BeforeEach
    void fresh() {
        VENDOR.clear();
        ACME_ORG.clear();
        GLOBEX_PORTAL.clear();
        jdbc.update("truncate deal, lead, payout, partner, external_ref, outbox, sync_checkpoint, sync_failure, audit_event, lead_assignment,"
                + " lead_partner_stats, deal_registration, vendor_opportunity");
        Map<String, Object> acme = salesforcePartner("001A00000000ACME", "acme", "Acme", "Gold", modstamp(-60));
        acme.put("Partner_Territories__c", "DE");
        acme.put("Partner_Specializations__c", "Firewall");
        VENDOR.seed("Account", acme);
        Map<String, Object> globex = salesforcePartner("001G0000000GLOBX", "globex", "Globex", "Gold", modstamp(-60));
        globex.put("Partner_Territories__c", "FR");
        VENDOR.seed("Account", globex);
        reads.read("vendor-sf", EntityType.PARTNER);
    }

    @Test
    @DisplayName("the rep registers an opportunity in the partner's org: decided, with the decision and reason shown there and in the vendor's org;"
            + " closed won, its rebate appears in the partner's org, and its reversal when it is reopened")
    void registrationAndPayouts() {
        Map<String, Object> opportunity = new LinkedHashMap<>();
        opportunity.put("Name", "Contoso firewall refresh");
        opportunity.put("Amount", 60000);
        opportunity.put("CurrencyIsoCode", "EUR");
        opportunity.put("CloseDate", TODAY.plusMonths(4).toString());
        opportunity.put("StageName", "Qualification");
        opportunity.put("PartnerSync_Customer_Name__c", "Contoso GmbH");
        opportunity.put("PartnerSync_Customer_Domain__c", "https://www.contoso.com");
        opportunity.put("PartnerSync_Product__c", "Firewall");
        opportunity.put("PartnerSync_Register__c", true);
        opportunity.put("IsDeleted", false);
        String repDeal = ACME_ORG.create("Opportunity", opportunity);

        reads.read("acme-sf", EntityType.DEAL);
        relayAll();

        Map<String, Object> atPartner = Simulators.byField(ACME_ORG, "Opportunity", "Id", repDeal);
        assertThat(atPartner).containsEntry("PartnerSync_Registration_Status__c", "Approved");
        assertThat((String) atPartner.get("PartnerSync_Registration_Reason__c")).as("the reason, where the rep works").isNotBlank();
        assertThat(atPartner.get("PartnerSync_Exclusive_Until__c")).isNotNull();
        UUID deal = UUID.fromString((String) atPartner.get("PartnerSync_Id__c"));
        Map<String, Object> atVendor = Simulators.byField(VENDOR, "Opportunity", "PartnerSync_Id__c", deal.toString());
        assertThat(atVendor).containsEntry("Registration_Status__c", "Approved").containsEntry("PartnerAccountId", "001A00000000ACME")
                .containsEntry("Registration_Reason__c", atPartner.get("PartnerSync_Registration_Reason__c"));
        assertThat(GLOBEX_PORTAL.all("deals")).as("another partner never receives Acme's deal").isEmpty();

        // the channel manager closes it won in the vendor's org: the rebate reaches Acme's org
        VENDOR.edit("Opportunity", (String) atVendor.get("Id"), Map.of("StageName", "Closed Won"));
        reads.read("vendor-sf", EntityType.DEAL);
        relayAll();
        UUID rebate = jdbc.queryForObject("select id from payout where reverses is null", UUID.class);
        Map<String, Object> shown = Simulators.byField(ACME_ORG, "PartnerSync_Payout__c", "PartnerSync_Id__c", rebate.toString());
        assertThat(shown).containsEntry("Type__c", "Rebate").containsEntry("Status__c", "Calculated").containsEntry("CurrencyIsoCode", "EUR");
        assertThat(new BigDecimal(String.valueOf(shown.get("Amount__c")))).isEqualByComparingTo("2100.00");
        assertThat((String) shown.get("Reason__c")).contains("3.5 %");
        assertThat(GLOBEX_PORTAL.all("partnersync_payouts")).isEmpty();

        // reopened: a reversal beside it, the rebate as it was
        VENDOR.edit("Opportunity", (String) atVendor.get("Id"), Map.of("StageName", "Negotiation/Review"));
        reads.read("vendor-sf", EntityType.DEAL);
        relayAll();
        UUID reversal = jdbc.queryForObject("select id from payout where reverses = ?", UUID.class, rebate);
        Map<String, Object> reversed = Simulators.byField(ACME_ORG, "PartnerSync_Payout__c", "PartnerSync_Id__c", reversal.toString());
        assertThat(reversed).containsEntry("Status__c", "Reversed").containsEntry("Type__c", "Rebate");
        assertThat(new BigDecimal(String.valueOf(reversed.get("Amount__c")))).isEqualByComparingTo("-2100.00");
        assertThat(ACME_ORG.all("PartnerSync_Payout__c")).hasSize(2);

        // everything read again: nothing new in either org
        jdbc.update("delete from sync_checkpoint");
        reads.read("vendor-sf", EntityType.DEAL);
        reads.read("vendor-sf", EntityType.PAYOUT);
        reads.read("acme-sf", EntityType.DEAL);
        reads.read("acme-sf", EntityType.PAYOUT);
        relayAll();
        assertThat(ACME_ORG.all("Opportunity")).hasSize(1);
        assertThat(ACME_ORG.all("PartnerSync_Payout__c")).hasSize(2);
        assertThat(VENDOR.all("Opportunity")).hasSize(1);
    }

    @Test
    @DisplayName("a lead distributed to the partner appears in its org with its details; accepted there, the vendor sees it; the rep's \"Qualified\""
            + " reaches the vendor's Lead Status; the vendor's phone edit arrives; a rejected lead and a deleted one are marked recalled there, never deleted")
    void leads() {
        VENDOR.seed("Lead", lead("00Q000000000001", "lee@contoso.de"));
        reads.read("vendor-sf", EntityType.LEAD);
        relayAll();

        Map<String, Object> atAcme = Simulators.byField(ACME_ORG, "Lead", "Email", "lee@contoso.de");
        assertThat(atAcme).containsEntry("PartnerSync_Lead_Status__c", "Assigned").containsEntry("Phone", "+49 89 1111")
                .containsEntry("Company", "Contoso GmbH").containsEntry("PartnerSync_Product_Interest__c", "Firewall");
        assertThat(atAcme.get("PartnerSync_Accept_By__c")).isNotNull();
        assertThat(GLOBEX_PORTAL.all("contacts")).as("a lead goes to the partner it is given to only").isEmpty();

        // the rep accepts in the partner's org
        ACME_ORG.edit("Lead", (String) atAcme.get("Id"), Map.of("PartnerSync_Lead_Status__c", "Accepted"));
        reads.read("acme-sf", EntityType.LEAD);
        relayAll();
        Map<String, Object> vendorLead = Simulators.byField(VENDOR, "Lead", "Id", "00Q000000000001");
        assertThat(vendorLead).containsEntry("Partner_Lead_Status__c", "Accepted").containsEntry("Assigned_Partner__c", "001A00000000ACME");
        assertThat((String) vendorLead.get("Partner_Distribution_Reason__c")).startsWith("Accepted by Acme on ");

        // the rep reports progress: "Qualified" reaches the vendor's Lead Status, the lead stays accepted
        ACME_ORG.edit("Lead", (String) atAcme.get("Id"), Map.of("PartnerSync_Lead_Status__c", "Qualified"));
        reads.read("acme-sf", EntityType.LEAD);
        relayAll();
        assertThat(Simulators.byField(VENDOR, "Lead", "Id", "00Q000000000001")).containsEntry("Status", "Qualified")
                .containsEntry("Partner_Lead_Status__c", "Accepted");

        // the vendor edits the phone: the partner's copy follows, the rep's "Qualified" kept there
        VENDOR.edit("Lead", "00Q000000000001", Map.of("Phone", "+49 89 2222", "SystemModstamp", modstamp(0)));
        reads.read("vendor-sf", EntityType.LEAD);
        relayAll();
        assertThat(Simulators.byField(ACME_ORG, "Lead", "Id", atAcme.get("Id"))).containsEntry("Phone", "+49 89 2222")
                .containsEntry("PartnerSync_Lead_Status__c", "Qualified");

        // a second lead, rejected by the rep: taken back (marked recalled), back in the vendor's queue with the reason
        VENDOR.seed("Lead", lead("00Q000000000002", "max@contoso.de"));
        reads.read("vendor-sf", EntityType.LEAD);
        relayAll();
        Map<String, Object> second = Simulators.byField(ACME_ORG, "Lead", "Email", "max@contoso.de");
        ACME_ORG.edit("Lead", (String) second.get("Id"), Map.of("PartnerSync_Lead_Status__c", "Rejected",
                "PartnerSync_Rejection_Reason__c", "not our segment"));
        reads.read("acme-sf", EntityType.LEAD);
        relayAll();
        assertThat(Simulators.byField(ACME_ORG, "Lead", "Id", second.get("Id"))).as("marked, never deleted")
                .containsEntry("PartnerSync_Lead_Status__c", "Recalled").containsEntry("IsDeleted", false);
        Map<String, Object> returned = Simulators.byField(VENDOR, "Lead", "Id", "00Q000000000002");
        assertThat(returned).containsEntry("Partner_Lead_Status__c", "Returned").containsEntry("Partner_Rejection_Reason__c", "not our segment");

        // the vendor deletes the first lead: the partner's copy is marked recalled, not deleted
        VENDOR.edit("Lead", "00Q000000000001", Map.of("IsDeleted", true, "SystemModstamp", modstamp(0)));
        reads.read("vendor-sf", EntityType.LEAD);
        relayAll();
        assertThat(Simulators.byField(ACME_ORG, "Lead", "Id", atAcme.get("Id"))).containsEntry("PartnerSync_Lead_Status__c", "Recalled")
                .containsEntry("IsDeleted", false);
        assertThat(ACME_ORG.all("Lead")).hasSize(2);
        assertThat(jdbc.queryForObject("select count(*) from sync_failure where resolved_at is null", Integer.class)).isZero();
    }

    private void relayAll() {
        for (int round = 0; round < 4; round++) {
            for (String connector : List.of("vendor-sf", "acme-sf", "globex-hubspot")) {
                relay.relay(connector);
            }
        }
    }

    private static Map<String, Object> lead(String id, String email) {
        Map<String, Object> lead = salesforceLead(id, null, email, "Contoso GmbH", modstamp(-30));
        lead.put("Partner_Lead_Status__c", "New");
        lead.put("Distribute_To_Partners__c", true);
        lead.put("CountryCode", "DE");
        lead.put("Product_Interest__c", "Firewall");
        lead.put("Phone", "+49 89 1111");
        return lead;
    }

    private static String modstamp(int secondsFromNow) {
        return MODSTAMP.format(Instant.now().plusSeconds(secondsFromNow));
    }
}
