package io.partnersync.connector.hubspot;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.partnersync.support.Connectors;
import io.partnersync.support.HubSpotPortal;
import io.partnersync.support.StoreTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service with a vendor connector and two partners' HubSpot portals, each played by its own
 * WireMock server. Subclasses share the application context and the fakes.
 */
abstract class HubSpotTest extends StoreTest {

    static final HubSpotPortal ACME_PORTAL = new HubSpotPortal();
    static final HubSpotPortal GLOBEX_PORTAL = new HubSpotPortal();
    static final WireMockServer ACME = new WireMockServer(options().dynamicPort().extensions(ACME_PORTAL));
    static final WireMockServer GLOBEX = new WireMockServer(options().dynamicPort().extensions(GLOBEX_PORTAL));

    static {
        ACME.start();
        GLOBEX.start();
    }

    @DynamicPropertySource
    static void portals(DynamicPropertyRegistry registry) {
        registry.add("partnersync.connectors[0].name", () -> "vendor-sf");
        registry.add("partnersync.connectors[0].type", () -> "salesforce");
        registry.add("partnersync.connectors[0].role", () -> "vendor");
        registry.add("partnersync.connectors[0].entities", () -> "partner,lead,deal");
        Connectors.hubspotPartner(registry, 1, "acme", ACME::baseUrl, "lead,deal");
        Connectors.hubspotPartner(registry, 2, "globex", GLOBEX::baseUrl, "lead,deal");
    }

    @org.springframework.beans.factory.annotation.Autowired
    java.util.List<io.partnersync.connector.RateLimitPause> pauses;

    /**
     * Both portals empty and answering again (a rate-limit pause an earlier test caused lifted), and
     * the vendor's two partner Accounts (acme, globex) in the store.
     */
    void freshPortalsAndPartners(io.partnersync.sync.IngestService ingest) {
        pauses.forEach(pause -> java.util.List.of("acme-hubspot", "globex-hubspot").forEach(pause::resume));
        for (var portal : java.util.List.of(ACME, GLOBEX)) {
            portal.resetAll();
            HubSpotPortal.serve(portal);
        }
        ACME_PORTAL.clear();
        GLOBEX_PORTAL.clear();
        ingest.ingest("vendor-sf", io.partnersync.canonical.EntityType.PARTNER, java.util.List.of(
                io.partnersync.support.Records.salesforcePartner("001A", "acme", "Acme", "Gold", "2026-11-21T08:59:00.000+0000"),
                io.partnersync.support.Records.salesforcePartner("001G", "globex", "Globex", "Gold", "2026-11-21T08:59:00.000+0000")), null);
    }
}
