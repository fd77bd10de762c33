package io.partnersync.sync;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.partnersync.canonical.EntityType;
import io.partnersync.sync.IncrementalReads;
import io.partnersync.support.Connectors;
import io.partnersync.support.HubSpotPortal;
import io.partnersync.support.IntegrationTest;
import io.partnersync.support.SalesforceFake;
import io.partnersync.support.SalesforceOrg;
import io.partnersync.support.StoreTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The data path is the Camel routes: a step an admin adds to the inbound template in their routes
 * folder runs on every page a connector reads (here it keeps to one connector by its header).
 */
@IntegrationTest
@DisplayName("Steps in the routes folder")
class RouteStepsIT extends StoreTest {

    static final SalesforceOrg ORG = new SalesforceOrg();
    static final SalesforceFake SALESFORCE = new SalesforceFake(ORG).start();
    static final HubSpotPortal ACME_PORTAL = new HubSpotPortal();
    static final WireMockServer ACME = new WireMockServer(options().dynamicPort().extensions(ACME_PORTAL));
    static final DateTimeFormatter MODSTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);

    static {
        ACME.start();
        HubSpotPortal.serve(ACME);
        ORG.serve(SALESFORCE.server());
    }

    @Autowired IncrementalReads salesforce;
    @Autowired IncrementalReads hubspot;
    @Autowired JdbcTemplate jdbc;
    @Autowired CamelContext camel;

    /** The shipped routes folder, with a filter added to the HubSpot inbound template as an admin would. */
    @DynamicPropertySource
    static void crms(DynamicPropertyRegistry registry) throws IOException {
        Path routes = io.partnersync.support.RoutesFolder.copyOfShipped();
        String syncRoutes = Files.readString(routes.resolve("sync.camel.yaml"));
        String keep = """
                - bean:
                    ref: partnerSyncPage
                    method: keep""".indent(16).stripTrailing();
        String step = """
                - filter:
                    simple: "${header.PartnerSyncConnector} == 'acme-hubspot' && ${body[properties][pipeline]} == 'renewals'"
                    steps:
                      - stop: {}""".indent(16) + keep;
        assertThat(syncRoutes).contains(keep);
        Files.writeString(routes.resolve("sync.camel.yaml"), syncRoutes.replace(keep, step));
        registry.add("partnersync.routes-dir", routes::toString);
        Connectors.salesforceVendor(registry, 0, SALESFORCE::url, "partner,deal", "ROUTESTEP_SF");
        Connectors.hubspotPartner(registry, 1, "acme", ACME::baseUrl, "deal");
        registry.add("partnersync.governance.registration.enabled", () -> "false");
    }

    @Test
    @DisplayName("each configured connector gets its routes, named by connector, entity and direction")
    void routesPerConnector() {
        assertThat(camel.getRoute("acme-hubspot.deal.inbound")).isNotNull();
        assertThat(camel.getRoute("acme-hubspot.deal.outbound")).isNotNull();
        assertThat(camel.getRoute("vendor-sf.partner.inbound")).isNotNull();
        assertThat(camel.getRoute("vendor-sf.deal.outbound")).isNotNull();
        assertThat(camel.getRoute("acme-hubspot.deal.inbound").getConfigurationId()).isEqualTo("partnersync-errors");
    }

    @Test
    @DisplayName("a filter added to the inbound template keeps the deals of one pipeline out of the store while the others land")
    void filterStep() {
        jdbc.update("truncate deal, account, partner, external_ref, outbox, sync_checkpoint, sync_failure");
        ORG.clear();
        ORG.seed("Account", salesforcePartner("001A00000000ACME", "acme", "Acme", "Gold", MODSTAMP.format(Instant.now().minusSeconds(60))));
        salesforce.read("vendor-sf", EntityType.PARTNER);
        ACME_PORTAL.clear();
        ACME_PORTAL.seed("deals", List.of(
                deal("71000000001", "New business", "default", 40),
                deal("71000000002", "Renewal of Contoso", "renewals", 30),
                deal("71000000003", "Second new business", "default", 20),
                deal("71000000004", "Renewal of Fabrikam", "renewals", 10)));

        var read = hubspot.read("acme-hubspot", EntityType.DEAL);

        assertThat(read.records()).as("all four were read").isEqualTo(4);
        assertThat(jdbc.queryForList("select d.name from deal d order by d.name", String.class))
                .containsExactly("New business", "Second new business");
        assertThat(jdbc.queryForObject("select count(*) from sync_failure", Integer.class)).as("left out, not failed").isZero();
        assertThat(jdbc.queryForObject("select cursor_id from sync_checkpoint where connector = 'acme-hubspot' and entity_type = 'DEAL'", String.class))
                .as("the checkpoint covers the page, the left-out deals included").isEqualTo("71000000004");
    }

    private static ObjectNode deal(String id, String name, String pipeline, int secondsAgo) {
        ObjectNode deal = io.partnersync.support.Records.portalDeal(id, name, "1000", Instant.now().minusSeconds(secondsAgo));
        ((ObjectNode) deal.path("properties")).put("pipeline", pipeline);
        return deal;
    }
}
