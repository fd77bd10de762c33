package io.partnersync;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnersync.sandbox.simulator.DataverseSimulator;
import io.partnersync.sandbox.simulator.DataverseSimulator.Column;
import io.partnersync.sandbox.simulator.PartnerSetUps;
import io.partnersync.sandbox.simulator.SalesforceSimulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validate --online} for the partner kinds beside HubSpot, against the sandbox's simulators:
 * a partner's own Salesforce org (describe) and a Dynamics 365 environment (Dataverse's metadata API),
 * each set up as the README's tables say, then with what an admin typically forgets.
 */
@DisplayName("validate --online for a partner's Salesforce org and Dynamics 365 environment")
class OnlineValidateKindsIT {

    @TempDir
    Path dir;

    private SalesforceSimulator org;
    private DataverseSimulator environment;
    private String output;

    @AfterEach
    void stop() {
        if (org != null) {
            org.close();
        }
        if (environment != null) {
            environment.close();
        }
    }

    @Test
    @DisplayName("an org and an environment set up as the README says: no problem, exit 0, and nothing written to either")
    void setUpAsDocumented() throws Exception {
        org = PartnerSetUps.salesforcePartnerOrg(new SalesforceSimulator(0, Duration.ZERO, Duration.ofSeconds(31)));
        environment = PartnerSetUps.dynamics(new DataverseSimulator(0, Duration.ZERO, Duration.ofSeconds(31)));

        assertThat(validate()).as(output).isZero();

        assertThat(output).contains("asking each CRM").endsWith("Configuration is valid." + System.lineSeparator());
        assertThat(org.calls()).containsKey("describe Lead").doesNotContainKeys("upsert", "update");
        assertThat(environment.calls()).containsEntry("metadata", 6L).doesNotContainKeys("upsert multiple", "row PATCH");
        assertThat(environment.recordWrites()).isEmpty();
    }

    @Test
    @DisplayName("a missing column, change tracking off, no alternate key, a Choice without an option, a missing picklist value: each named with what to create")
    void whatToCreate() throws Exception {
        org = new SalesforceSimulator(0, Duration.ZERO, Duration.ofSeconds(31));
        PartnerSetUps.salesforcePartnerOrg(org);
        org.describe("Opportunity", Map.of("PartnerSync_Id__c", Map.of("type", "string", "externalId", true), "Name", Map.of("type", "string"),
                "PartnerSync_Registration_Status__c", Map.of("type", "picklist", "picklistValues", List.of(Map.of("value", "Approved", "active", true)))));
        environment = PartnerSetUps.dynamics(new DataverseSimulator(0, Duration.ZERO, Duration.ofSeconds(31)));
        Map<String, Column> lead = new LinkedHashMap<>(Map.of("partnersync_id", Column.of("String"), "firstname", Column.of("String"),
                "partnersync_leadstatus", Column.choice(100000000, 100000001)));
        environment.define("leads", false, false, lead);

        assertThat(validate()).as(output).isEqualTo(1);

        assertThat(output)
                .contains("initech-sf (Salesforce Opportunity): key 'Amount': expected a Number or Currency field Amount on Opportunity (canonical deal.amount): create it")
                .contains("initech-sf (Salesforce Opportunity): key 'PartnerSync_Registration_Status__c': expected the picklist values [Submitted, Pending Review, Rejected, Expired]")
                .contains("umbrella-d365 (Dataverse lead): key 'ChangeTrackingEnabled': expected Track changes on for lead")
                .contains("umbrella-d365 (Dataverse lead): key 'partnersync_id': expected an alternate key on partnersync_id alone")
                .contains("umbrella-d365 (Dataverse lead): key 'emailaddress1': expected a Text column emailaddress1 on lead (canonical lead.email): create it")
                .contains("umbrella-d365 (Dataverse lead): key 'partnersync_acceptby': expected a Date and time column partnersync_acceptby")
                .contains("umbrella-d365 (Dataverse lead): key 'partnersync_leadstatus': expected the options [100000002, 100000003, 100000004, 100000005, 100000006, 100000007]")
                .doesNotContain("(Dataverse opportunity)")
                .doesNotContain("sandbox-secret");
    }

    @Test
    @DisplayName("a table that does not exist in the environment: named with its entity set")
    void missingTable() throws Exception {
        org = PartnerSetUps.salesforcePartnerOrg(new SalesforceSimulator(0, Duration.ZERO, Duration.ofSeconds(31)));
        environment = new DataverseSimulator(0, Duration.ZERO, Duration.ofSeconds(31));
        PartnerSetUps.dynamics(environment);
        environment.forget("partnersync_payouts");

        assertThat(validate()).as(output).isEqualTo(1);

        assertThat(output).contains("umbrella-d365 (Dataverse partnersync_payout): key 'partnersync_payouts': expected the table partnersync_payout "
                + "(entity set partnersync_payouts) in the environment: create it");
    }

    private int validate() throws Exception {
        Path config = Files.writeString(dir.resolve("partnersync.yml"), """
                partnersync:
                  connectors:
                    - name: vendor-sf
                      type: salesforce
                      role: vendor
                      enabled: false
                      base-url: https://vendor.my.salesforce.com
                      secret-env: { client-id: KINDS_SF_ID, client-secret: KINDS_SF_SECRET }
                      entities: [partner, deal]
                    - name: initech-sf
                      type: salesforce
                      role: partner
                      partner: initech
                      base-url: %s
                      local-sandbox: true
                      secret-env: { client-id: KINDS_INITECH_ID, client-secret: KINDS_INITECH_SECRET }
                      entities: [lead, deal, payout]
                    - name: umbrella-d365
                      type: dynamics
                      role: partner
                      partner: umbrella
                      base-url: %s
                      local-sandbox: true
                      secret-env: { client-id: KINDS_UMBRELLA_ID, client-secret: KINDS_UMBRELLA_SECRET }
                      entities: [lead, deal, payout]
                      dynamics: { tenant: umbrella-test }
                """.formatted(org.url(), environment.url()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = ValidateCommand.run(new String[] {"--online", "--spring.config.import=file:" + config, "--KINDS_SF_ID=3MVG9-vendor",
                "--KINDS_SF_SECRET=vendor-secret", "--KINDS_INITECH_ID=3MVG9-initech", "--KINDS_INITECH_SECRET=sandbox-secret-initech",
                "--KINDS_UMBRELLA_ID=app-umbrella", "--KINDS_UMBRELLA_SECRET=sandbox-secret-umbrella"}, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        output = bytes.toString(StandardCharsets.UTF_8);
        return exit;
    }
}
