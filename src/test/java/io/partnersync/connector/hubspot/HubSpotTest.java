package io.partnersync.connector.hubspot;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.partnersync.support.StoreTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service with a vendor connector and two partners' HubSpot portals, each played by its own
 * WireMock server. Subclasses share the application context and the fakes.
 */
abstract class HubSpotTest extends StoreTest {

    static final WireMockServer ACME = new WireMockServer(options().dynamicPort());
    static final WireMockServer GLOBEX = new WireMockServer(options().dynamicPort());

    static {
        ACME.start();
        GLOBEX.start();
    }

    @DynamicPropertySource
    static void portals(DynamicPropertyRegistry registry) {
        registry.add("partnersync.connectors[0].name", () -> "vendor-sf");
        registry.add("partnersync.connectors[0].type", () -> "salesforce");
        registry.add("partnersync.connectors[0].role", () -> "vendor");
        registry.add("partnersync.connectors[0].entities", () -> "partner,deal");
        for (int i = 1; i <= 2; i++) {
            String partner = i == 1 ? "acme" : "globex";
            WireMockServer portal = i == 1 ? ACME : GLOBEX;
            String prefix = "partnersync.connectors[" + i + "].";
            registry.add(prefix + "name", () -> partner + "-hubspot");
            registry.add(prefix + "type", () -> "hubspot");
            registry.add(prefix + "role", () -> "partner");
            registry.add(prefix + "partner", () -> partner);
            registry.add(prefix + "entities", () -> "deal");
            registry.add(prefix + "base-url", portal::baseUrl);
            registry.add(prefix + "secret-env.token", () -> partner.toUpperCase() + "_HUBSPOT_TOKEN");
            registry.add(partner.toUpperCase() + "_HUBSPOT_TOKEN", () -> "pat-test-" + partner);
        }
    }

}
