package io.partnersync.connector.dynamics;

import static io.partnersync.support.Records.salesforceLead;
import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;

import io.partnersync.canonical.EntityType;
import io.partnersync.sandbox.simulator.DataverseSimulator;
import io.partnersync.sandbox.simulator.PartnerSetUps;
import io.partnersync.sandbox.simulator.HubSpotSimulator;
import io.partnersync.sandbox.simulator.SalesforceSimulator;
import io.partnersync.support.Connectors;
import io.partnersync.support.IntegrationTest;
import io.partnersync.support.Simulators;
import io.partnersync.support.StoreTest;
import io.partnersync.sync.IncrementalReads;
import io.partnersync.sync.OutboxRelay;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * A partner whose CRM is Microsoft Dynamics 365 (connector kind {@code dynamics}), end to end beside
 * the vendor's org and a partner on HubSpot: a simulated Dataverse environment (its Entra ID tokens,
 * change tracking, upsert by alternate key, UpsertMultiple), the real reads, ingest path, steps, relay
 * and our Dataverse client with msal4j. What the partner's rep sees is asserted in the environment.
 */
@IntegrationTest
@DisplayName("A partner on Microsoft Dynamics 365")
class DynamicsPartnerIT extends StoreTest {

    static final SalesforceSimulator VENDOR = Simulators.salesforce();
    static final DataverseSimulator ACME_ENV = PartnerSetUps.dynamics(new DataverseSimulator(0, Duration.ZERO, Duration.ofSeconds(31)));
    static final HubSpotSimulator GLOBEX_PORTAL = Simulators.portal("globex", 93_000_000_000L);
    static final DateTimeFormatter MODSTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);
    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    static final int ASSIGNED = 100000000;
    static final int ACCEPTED = 100000001;
    static final int REJECTED = 100000002;
    static final int RECALLED = 100000005;
    static final int QUALIFIED = 100000006;

    @AfterAll
    static void closeSimulators() {
        VENDOR.close();
        ACME_ENV.close();
        GLOBEX_PORTAL.close();
    }

    @Autowired IncrementalReads reads;
    @Autowired OutboxRelay relay;
    @Autowired JdbcTemplate jdbc;

    @DynamicPropertySource
    static void crms(DynamicPropertyRegistry registry) {
        Connectors.salesforceVendor(registry, 0, VENDOR::url, "partner,deal,lead,payout", "D365_VENDOR");
        Connectors.dynamicsPartner(registry, 1, "acme", ACME_ENV::url, "deal,lead,payout", "D365_ACME");
        Connectors.hubspotPartner(registry, 2, "globex", GLOBEX_PORTAL::url, "deal,lead,payout");
        registry.add("partnersync.governance.registration.product-lines.network-security", () -> "Firewall,Firewall X200");
        registry.add("partnersync.governance.registration.tiers.gold.auto-approve-below", () -> "100000");
        registry.add("partnersync.payouts.rebate-percent.gold.network-security", () -> "3.5");
        registry.add("partnersync.distribution.max-assignments", () -> "1");
    }

    @BeforeEach
    void fresh() {
        VENDOR.clear();
        ACME_ENV.clear();
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
    @DisplayName("the rep registers an opportunity in Dynamics: decided, with the decision and reason shown there and in Salesforce;"
            + " closed won, its rebate appears in Dynamics, and its reversal when it is reopened; read again, nothing new anywhere")
    void registrationAndPayouts() {
        Map<String, Object> opportunity = new LinkedHashMap<>();
        opportunity.put("name", "Contoso firewall refresh");
        opportunity.put("estimatedvalue", 60000);
        opportunity.put("partnersync_currency", "EUR");
        opportunity.put("estimatedclosedate", TODAY.plusMonths(4).toString());
        opportunity.put("salesstage", 0);
        opportunity.put("partnersync_customername", "Contoso GmbH");
        opportunity.put("partnersync_customerdomain", "https://www.contoso.com");
        opportunity.put("partnersync_product", "Firewall");
        opportunity.put("partnersync_register", true);
        String repDeal = ACME_ENV.create("opportunities", opportunity);

        reads.read("acme-d365", EntityType.DEAL);
        relayAll();

        Map<String, Object> atPartner = row("opportunities", "opportunityid", repDeal);
        assertThat(atPartner).containsEntry("partnersync_registrationstatus", 100000002);
        assertThat((String) atPartner.get("partnersync_registrationreason")).as("the reason, where the rep works").startsWith("Approved automatically");
        assertThat(atPartner.get("partnersync_exclusiveuntil")).isNotNull();
        UUID deal = UUID.fromString((String) atPartner.get("partnersync_id"));
        Map<String, Object> atVendor = Simulators.byField(VENDOR, "Opportunity", "PartnerSync_Id__c", deal.toString());
        assertThat(atVendor).containsEntry("Registration_Status__c", "Approved").containsEntry("PartnerAccountId", "001A00000000ACME");
        assertThat(GLOBEX_PORTAL.all("deals")).as("another partner never receives Acme's deal").isEmpty();

        VENDOR.edit("Opportunity", (String) atVendor.get("Id"), Map.of("StageName", "Closed Won"));
        reads.read("vendor-sf", EntityType.DEAL);
        relayAll();
        UUID rebate = jdbc.queryForObject("select id from payout where reverses is null", UUID.class);
        Map<String, Object> shown = row("partnersync_payouts", "partnersync_id", rebate.toString());
        assertThat(shown).containsEntry("partnersync_type", 100000000).containsEntry("partnersync_status", 100000000).containsEntry("partnersync_currency", "EUR");
        assertThat(new BigDecimal(String.valueOf(shown.get("partnersync_amount")))).isEqualByComparingTo("2100.00");

        VENDOR.edit("Opportunity", (String) atVendor.get("Id"), Map.of("StageName", "Negotiation/Review"));
        reads.read("vendor-sf", EntityType.DEAL);
        relayAll();
        UUID reversal = jdbc.queryForObject("select id from payout where reverses = ?", UUID.class, rebate);
        Map<String, Object> reversed = row("partnersync_payouts", "partnersync_id", reversal.toString());
        assertThat(reversed).containsEntry("partnersync_status", 100000003);
        assertThat(new BigDecimal(String.valueOf(reversed.get("partnersync_amount")))).isEqualByComparingTo("-2100.00");

        jdbc.update("delete from sync_checkpoint");
        reads.read("vendor-sf", EntityType.DEAL);
        reads.read("acme-d365", EntityType.DEAL);
        reads.read("acme-d365", EntityType.PAYOUT);
        relayAll();
        assertThat(ACME_ENV.all("opportunities")).hasSize(1);
        assertThat(ACME_ENV.all("partnersync_payouts")).hasSize(2);
        assertThat(jdbc.queryForObject("select count(*) from payout", Integer.class)).as("payouts read back from Dynamics are ours, not new ones").isEqualTo(2);
        assertThat(VENDOR.all("Partner_Payout__c")).hasSize(2);
        assertThat(VENDOR.all("Opportunity")).hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from sync_failure where resolved_at is null", Integer.class)).isZero();
    }

    @Test
    @DisplayName("a lead distributed to the partner appears in Dynamics with its details; accepted and \"Qualified\" there, Salesforce shows both;"
            + " the vendor's phone edit arrives; a rejected lead and a deleted one are marked Recalled there, never deleted")
    void leads() {
        VENDOR.seed("Lead", lead("00Q000000000001", "lee@contoso.de"));
        reads.read("vendor-sf", EntityType.LEAD);
        relayAll();

        Map<String, Object> atAcme = row("leads", "emailaddress1", "lee@contoso.de");
        assertThat(atAcme).containsEntry("partnersync_leadstatus", ASSIGNED).containsEntry("telephone1", "+49 89 1111")
                .containsEntry("companyname", "Contoso GmbH").containsEntry("partnersync_productinterest", "Firewall");
        assertThat(atAcme.get("partnersync_acceptby")).isNotNull();
        String leadId = (String) atAcme.get("leadid");

        ACME_ENV.edit("leads", leadId, Map.of("partnersync_leadstatus", ACCEPTED));
        reads.read("acme-d365", EntityType.LEAD);
        relayAll();
        assertThat(Simulators.byField(VENDOR, "Lead", "Id", "00Q000000000001")).containsEntry("Partner_Lead_Status__c", "Accepted");

        ACME_ENV.edit("leads", leadId, Map.of("partnersync_leadstatus", QUALIFIED));
        reads.read("acme-d365", EntityType.LEAD);
        relayAll();
        assertThat(Simulators.byField(VENDOR, "Lead", "Id", "00Q000000000001")).containsEntry("Status", "Qualified")
                .containsEntry("Partner_Lead_Status__c", "Accepted");

        VENDOR.edit("Lead", "00Q000000000001", Map.of("Phone", "+49 89 2222", "SystemModstamp", modstamp(0)));
        reads.read("vendor-sf", EntityType.LEAD);
        relayAll();
        assertThat(row("leads", "leadid", leadId)).containsEntry("telephone1", "+49 89 2222").containsEntry("partnersync_leadstatus", QUALIFIED);

        VENDOR.seed("Lead", lead("00Q000000000002", "max@contoso.de"));
        reads.read("vendor-sf", EntityType.LEAD);
        relayAll();
        String second = (String) row("leads", "emailaddress1", "max@contoso.de").get("leadid");
        ACME_ENV.edit("leads", second, Map.of("partnersync_leadstatus", REJECTED, "partnersync_rejectionreason", "not our segment"));
        reads.read("acme-d365", EntityType.LEAD);
        relayAll();
        assertThat(row("leads", "leadid", second)).as("marked, never deleted").containsEntry("partnersync_leadstatus", RECALLED);
        assertThat(Simulators.byField(VENDOR, "Lead", "Id", "00Q000000000002")).containsEntry("Partner_Lead_Status__c", "Returned")
                .containsEntry("Partner_Rejection_Reason__c", "not our segment");

        VENDOR.edit("Lead", "00Q000000000001", Map.of("IsDeleted", true, "SystemModstamp", modstamp(0)));
        reads.read("vendor-sf", EntityType.LEAD);
        relayAll();
        assertThat(row("leads", "leadid", leadId)).containsEntry("partnersync_leadstatus", RECALLED);
        assertThat(ACME_ENV.all("leads")).hasSize(2);
        assertThat(GLOBEX_PORTAL.all("contacts")).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from sync_failure where resolved_at is null", Integer.class)).isZero();
    }

    @Test
    @DisplayName("change tracking reports a deletion in Dynamics: the partner's deal is archived in the store, and only what changed is read")
    void deletionInDynamics() {
        Map<String, Object> opportunity = new LinkedHashMap<>();
        opportunity.put("name", "Fabrikam SD-WAN");
        opportunity.put("estimatedvalue", 20000);
        opportunity.put("partnersync_currency", "EUR");
        opportunity.put("estimatedclosedate", TODAY.plusMonths(2).toString());
        String repDeal = ACME_ENV.create("opportunities", opportunity);
        reads.read("acme-d365", EntityType.DEAL);
        assertThat(jdbc.queryForObject("select count(*) from deal where archived_at is null", Integer.class)).isEqualTo(1);

        ACME_ENV.userDeletes("opportunities", repDeal);
        IncrementalReads.Result read = reads.read("acme-d365", EntityType.DEAL);

        assertThat(read.records()).as("the delta link: the deletion only").isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from deal where archived_at is not null", Integer.class)).isEqualTo(1);
        assertThat(reads.read("acme-d365", EntityType.DEAL).records()).as("nothing changed since").isZero();
    }

    private void relayAll() {
        for (int round = 0; round < 4; round++) {
            for (String connector : List.of("vendor-sf", "acme-d365", "globex-hubspot")) {
                relay.relay(connector);
            }
        }
    }

    private static Map<String, Object> row(String set, String column, Object value) {
        return ACME_ENV.all(set).stream().filter(r -> Objects.equals(String.valueOf(r.get(column)), String.valueOf(value))).findFirst().orElse(null);
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
