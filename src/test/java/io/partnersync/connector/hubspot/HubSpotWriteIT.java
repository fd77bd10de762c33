package io.partnersync.connector.hubspot;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.partnersync.support.Records.salesforceOpportunity;
import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.canonical.EntityType;
import io.partnersync.connector.OutboxRelay;
import io.partnersync.store.IngestService;
import io.partnersync.support.IntegrationTest;
import java.util.List;
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

    @BeforeEach
    void fresh() {
        ACME.resetAll();
        GLOBEX.resetAll();
        jdbc.update("delete from outbox");
        ingest.ingest("vendor-sf", EntityType.PARTNER, List.of(
                salesforcePartner("001A", "acme", "Acme", "Gold", "2026-11-21T08:59:00.000+0000"),
                salesforcePartner("001G", "globex", "Globex", "Silver", "2026-11-21T08:59:00.000+0000")), null);
    }

    @Test
    @DisplayName("a partner's deals are upserted into its own portal by the PartnerSync id, in one batch; the other portal gets nothing")
    void batchUpsertIntoOwnPortal() throws Exception {
        UUID first = vendorDeal("006H1", "001A");
        UUID second = vendorDeal("006H2", "001A");
        ACME.stubFor(post(urlPathEqualTo(UPSERT)).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"COMPLETE\",\"results\":[{{#each (jsonPath request.body '$.inputs') as |input|}}"
                        + "{\"id\":\"1827364{{@index}}\",\"properties\":{\"partnersync_id\":\"{{input.id}}\"},\"new\":true,"
                        + "\"createdAt\":\"2026-11-27T10:00:00Z\",\"updatedAt\":\"2026-11-27T10:00:00Z\",\"archived\":false}"
                        + "{{#unless @last}},{{/unless}}{{/each}}],\"startedAt\":\"2026-11-27T10:00:00Z\",\"completedAt\":\"2026-11-27T10:00:01Z\"}")
                .withTransformers("response-template")));

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
        assertThat(jdbc.queryForList("select external_id from external_ref where connector = 'acme-hubspot' and entity_id in (?, ?) order by 1",
                String.class, first, second)).containsExactly("18273640", "18273641");
    }

    @Test
    @DisplayName("a 207 multi-status: the written record lands, the refused one is kept with HubSpot's reason")
    void multiStatus() {
        UUID good = vendorDeal("006M1", "001A");
        UUID bad = vendorDeal("006M2", "001A");
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

    private UUID vendorDeal(String opportunityId, String partnerAccountId) {
        return ingest.ingest("vendor-sf", EntityType.DEAL, List.of(salesforceOpportunity(opportunityId, partnerAccountId, "Opportunity " + opportunityId,
                1000, "2026-11-27T09:00:00.000+0000")), null).outcomes().get(0).entityId();
    }
}
