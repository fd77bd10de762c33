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
}
