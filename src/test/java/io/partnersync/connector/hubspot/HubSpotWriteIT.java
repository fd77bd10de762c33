package io.partnersync.connector.hubspot;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.partnersync.support.Records.salesforceOpportunity;
import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.canonical.EntityType;
import io.partnersync.sync.OutboxRelay;
import io.partnersync.sync.IngestService;
import io.partnersync.support.HubSpotPortal;
import io.partnersync.support.Records;
import io.partnersync.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Vendor deals written into two partners' portals, each its own WireMock HubSpot, through our client. */
@IntegrationTest
@DisplayName("HubSpot writes")
class HubSpotWriteIT extends HubSpotTest {

    static final String UPSERT = "/crm/v3/objects/deals/batch/upsert";

    @Autowired IngestService ingest;
    @Autowired OutboxRelay relay;
    @Autowired JdbcTemplate jdbc;
    @Autowired ObjectMapper json;
    @Autowired HubSpotAssociations associations;

    @BeforeEach
    void fresh() {
        ACME.resetAll();
        GLOBEX.resetAll();
        ACME_PORTAL.clear();
        GLOBEX_PORTAL.clear();
        associations.forget("acme-hubspot");
        associations.forget("globex-hubspot");
        HubSpotPortal.serve(ACME);
        HubSpotPortal.serve(GLOBEX);
        jdbc.update("delete from outbox");
        ingest.ingest("vendor-sf", EntityType.PARTNER, List.of(
                salesforcePartner("001A", "acme", "Acme", "Gold", "2026-11-21T08:59:00.000+0000"),
                salesforcePartner("001G", "globex", "Globex", "Silver", "2026-11-21T08:59:00.000+0000")), null);
    }

    @Test
    @DisplayName("a partner's deals are upserted into its own portal by the PartnerSync id, in one batch, and linked to the customer's company; the other portal gets nothing")
    void batchUpsertIntoOwnPortal() throws Exception {
        UUID first = vendorDeal("006H1", "001A");
        UUID second = vendorDeal("006H2", "001A");

        assertThat(relay.relay("acme-hubspot")).isEqualTo(2);
        assertThat(relay.relay("globex-hubspot")).isZero();

        var calls = ACME.findAll(postRequestedFor(urlPathEqualTo(UPSERT)));
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).getHeader("Authorization")).isEqualTo("Bearer pat-test-acme");
        JsonNode body = json.readTree(calls.get(0).getBodyAsString());
        assertThat(body.path("inputs")).hasSize(2);
        JsonNode input = body.path("inputs").path(0);
        assertThat(input.path("idProperty").asText()).isEqualTo("partnersync_id");
        assertThat(input.path("id").asText()).isEqualTo(first.toString());
        assertThat(input.path("properties").path("dealname").asText()).isEqualTo("Opportunity 006H1");
        assertThat(input.path("properties").path("dealstage").asText()).isEqualTo("qualifiedtobuy");
        assertThat(GLOBEX.findAll(anyRequestedFor(anyUrl()))).isEmpty();
        var deals = ACME_PORTAL.objects("deals");
        assertThat(jdbc.queryForList("select external_id from external_ref where connector = 'acme-hubspot' and entity_id in (?, ?) order by 1",
                String.class, first, second)).containsExactly(deals.get(first.toString()).path("id").asText(), deals.get(second.toString()).path("id").asText());

        var companies = ACME_PORTAL.objects("companies");
        assertThat(companies).as("one company for the one customer of both deals").containsOnlyKeys("domain:contoso.com");
        assertThat(companies.get("domain:contoso.com").path("properties").path("name").asText()).isEqualTo("Contoso Ltd");
        String company = companies.get("domain:contoso.com").path("id").asText();
        assertThat(ACME_PORTAL.associations("deals", "companies")).containsExactlyInAnyOrder(
                deals.get(first.toString()).path("id").asText() + ">" + company, deals.get(second.toString()).path("id").asText() + ">" + company);
        assertThat(ACME.findAll(postRequestedFor(urlPathEqualTo("/crm/v4/associations/deals/companies/batch/associate/default")))).hasSize(1);
    }

    @Test
    @DisplayName("a deal already linked is rewritten without association calls; a company deleted in the portal is created and linked again")
    void associationsAreNotRepeated() {
        UUID first = vendorDeal("006K1", "001A");
        relay.relay("acme-hubspot");
        ingest.ingest("vendor-sf", EntityType.DEAL, List.of(salesforceOpportunity("006K1", "001A", "Opportunity 006K1", 2500,
                "2026-11-27T09:05:00.000+0000")), null);
        ACME.resetRequests();

        assertThat(relay.relay("acme-hubspot")).isEqualTo(1);
        assertThat(ACME.findAll(postRequestedFor(urlPathEqualTo("/crm/v3/objects/deals/batch/update")))).hasSize(1);
        assertThat(ACME.findAll(postRequestedFor(urlPathMatching("/crm/v4/associations/.*")))).isEmpty();
        assertThat(ACME.findAll(postRequestedFor(urlPathEqualTo("/crm/v3/objects/companies/batch/upsert")))).isEmpty();

        String deleted = ACME_PORTAL.objects("companies").get("domain:contoso.com").path("id").asText();
        ACME_PORTAL.delete("companies", "domain:contoso.com");
        UUID second = vendorDeal("006K2", "001A");
        assertThat(relay.relay("acme-hubspot")).isEqualTo(1);

        String company = ACME_PORTAL.objects("companies").get("domain:contoso.com").path("id").asText();
        assertThat(company).isNotEqualTo(deleted);
        assertThat(ACME_PORTAL.associations("deals", "companies"))
                .contains(ACME_PORTAL.objects("deals").get(second.toString()).path("id").asText() + ">" + company);
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    @DisplayName("a batch upsert whose answer was lost is retried, and the portal still holds each deal once, under the id PartnerSync recorded")
    void retriedUpsertCreatesNoDuplicate() {
        UUID first = vendorDeal("006R1", "001A");
        UUID second = vendorDeal("006R2", "001A");
        ACME_PORTAL.loseNextAnswers(1);

        assertThat(relay.relay("acme-hubspot")).as("the client retried the call whose answer was lost").isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from outbox where target_connector = 'acme-hubspot' and status = 'PENDING'", Integer.class))
                .isZero();

        assertThat(ACME.findAll(postRequestedFor(urlPathEqualTo(UPSERT)))).as("the same batch was sent twice").hasSize(2);
        var deals = ACME_PORTAL.objects("deals");
        assertThat(deals).as("each deal exists once in the portal").hasSize(2).containsOnlyKeys(first.toString(), second.toString());
        assertThat(jdbc.queryForObject("select external_id from external_ref where connector = 'acme-hubspot' and entity_id = ?", String.class, first))
                .isEqualTo(deals.get(first.toString()).path("id").asText());
        assertThat(ACME_PORTAL.objects("companies")).hasSize(1);
    }

    @Test
    @DisplayName("a lead assigned to a partner becomes a contact in its portal, linked to the company its deals are linked to")
    void leadBecomesContactOfTheCompany() {
        UUID deal = vendorDeal("006C1", "001A");
        UUID leadId = ingest.ingest("vendor-sf", EntityType.LEAD, List.of(Records.salesforceLead("00QC1", "001A", "Dana.Reyes@Contoso.com",
                "Contoso Ltd", "2026-11-27T09:00:00.000+0000")), null).outcomes().get(0).entityId();

        assertThat(relay.relay("acme-hubspot")).isEqualTo(2);

        var contact = ACME_PORTAL.objects("contacts").get(leadId.toString());
        assertThat(contact.path("properties").path("email").asText()).isEqualTo("dana.reyes@contoso.com");
        String company = ACME_PORTAL.objects("companies").get("domain:contoso.com").path("id").asText();
        assertThat(ACME_PORTAL.objects("companies")).hasSize(1);
        assertThat(ACME_PORTAL.associations("contacts", "companies")).containsExactly(contact.path("id").asText() + ">" + company);
        assertThat(ACME_PORTAL.associations("deals", "companies"))
                .containsExactly(ACME_PORTAL.objects("deals").get(deal.toString()).path("id").asText() + ">" + company);
    }

    @Test
    @DisplayName("a 207 multi-status: the written record lands, the refused one is kept with HubSpot's reason")
    void multiStatus() {
        UUID good = vendorDeal("006M1", "001A");
        UUID bad = vendorDeal("006M2", "001A");
        ACME_PORTAL.seed("deals", List.of(json.createObjectNode().put("id", "555")));
        ACME.stubFor(post(urlPathEqualTo(UPSERT)).willReturn(aResponse().withStatus(207).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"COMPLETE\",\"results\":[{\"id\":\"555\",\"properties\":{\"partnersync_id\":\"" + good + "\"},\"archived\":false}],"
                        + "\"numErrors\":1,\"errors\":[{\"status\":\"error\",\"category\":\"VALIDATION_ERROR\","
                        + "\"message\":\"Property values were not valid: [{\\\"isValid\\\":false,\\\"message\\\":\\\"qualifiedtobuy was not one of the allowed options\\\",\\\"name\\\":\\\"dealstage\\\"}]\","
                        + "\"context\":{\"ids\":[\"" + bad + "\"]}}]}")));

        assertThat(relay.relay("acme-hubspot")).isEqualTo(1);

        assertThat(jdbc.queryForObject("select external_id from external_ref where connector = 'acme-hubspot' and entity_id = ?", String.class, good))
                .isEqualTo("555");
        assertThat(jdbc.queryForObject("select reason from sync_failure where connector = 'acme-hubspot' and external_id = ?", String.class, bad.toString()))
                .contains("VALIDATION_ERROR").contains("dealstage");
    }

    @Test
    @DisplayName("a record of partner A deliberately routed to partner B's portal is refused at the boundary and never sent")
    void tenantBoundary() {
        UUID acmeDeal = vendorDeal("006T1", "001A");
        jdbc.update("insert into outbox (target_connector, entity_id, entity_type, operation, content_hash) values ('globex-hubspot', ?, 'DEAL', 'UPSERT', 'x')",
                acmeDeal);

        assertThat(relay.relay("globex-hubspot")).isZero();

        assertThat(GLOBEX.findAll(anyRequestedFor(anyUrl()))).as("nothing reached partner B's portal").isEmpty();
        assertThat(jdbc.queryForObject("select category from sync_failure where connector = 'globex-hubspot' and external_id = ?", String.class,
                acmeDeal.toString())).isEqualTo("TENANT");
        assertThat(jdbc.queryForObject("select status from outbox where target_connector = 'globex-hubspot' and entity_id = ?", String.class, acmeDeal))
                .isEqualTo("PARKED");
    }

    @Test
    @DisplayName("250 linked deals in one relay run: 3 batch upserts, 1 company upsert and 1 association call (v4 takes 2,000 inputs), every deal linked")
    void associationsBatchedAcrossWriteBatches() {
        List<Map<String, Object>> opportunities = new java.util.ArrayList<>();
        for (int i = 0; i < 250; i++) {
            opportunities.add(salesforceOpportunity(String.format("006B%011d", i), "001A", "Opportunity " + i, 1000, "2026-11-27T09:00:00.000+0000"));
        }
        ingest.ingest("vendor-sf", EntityType.DEAL, opportunities, null);
        ACME.resetRequests();

        assertThat(relay.relay("acme-hubspot")).isEqualTo(250);

        assertThat(ACME.findAll(postRequestedFor(urlPathEqualTo(UPSERT)))).hasSize(3);
        assertThat(ACME.findAll(postRequestedFor(urlPathEqualTo("/crm/v3/objects/companies/batch/upsert")))).hasSize(1);
        assertThat(ACME.findAll(postRequestedFor(urlPathMatching("/crm/v4/associations/.*")))).hasSize(1);
        assertThat(ACME_PORTAL.associations("deals", "companies")).hasSize(250);
    }

    @Test
    @DisplayName("a portal that refuses an association batch for its size gets smaller batches: every deal is linked, none is parked as a failure")
    void associationBatchRefusedForItsSizeShrinks() {
        ACME.stubFor(post(urlPathEqualTo("/crm/v4/associations/deals/companies/batch/associate/default")).atPriority(1)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.inputs[2]"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"error\",\"message\":\"Batch input size 5 exceeds the maximum of 2\",\"category\":\"VALIDATION_ERROR\"}")));
        List<UUID> deals = List.of(vendorDeal("006S1", "001A"), vendorDeal("006S2", "001A"), vendorDeal("006S3", "001A"),
                vendorDeal("006S4", "001A"), vendorDeal("006S5", "001A"));

        assertThat(relay.relay("acme-hubspot")).isEqualTo(5);

        assertThat(ACME_PORTAL.associations("deals", "companies")).as("every deal linked to its company").hasSize(5);
        assertThat(jdbc.queryForList("select reason from sync_failure where connector = 'acme-hubspot' and resolved_at is null and external_id in (?, ?, ?, ?, ?)",
                String.class, deals.stream().map(UUID::toString).toArray())).as("no deal kept as a failure").isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from outbox where target_connector = 'acme-hubspot' and entity_id in (?, ?, ?, ?, ?)", Long.class,
                deals.toArray())).as("nothing left pending").isZero();
        assertThat(ACME.findAll(postRequestedFor(urlPathEqualTo("/crm/v4/associations/deals/companies/batch/associate/default"))))
                .as("the refused batch of 5, then batches of the 2 the portal named").hasSize(4);
    }

    private UUID vendorDeal(String opportunityId, String partnerAccountId) {
        return ingest.ingest("vendor-sf", EntityType.DEAL, List.of(salesforceOpportunity(opportunityId, partnerAccountId, "Opportunity " + opportunityId,
                1000, "2026-11-27T09:00:00.000+0000")), null).outcomes().get(0).entityId();
    }
}
