package io.partnersync.connector.salesforce;

import io.partnersync.support.SalesforceFake;
import io.partnersync.support.StoreTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service with a vendor Salesforce connector pointed at a WireMock org, and one partner
 * portal. Subclasses share the application context and the fake.
 */
abstract class SalesforceTest extends StoreTest {

    static final SalesforceFake SALESFORCE = new SalesforceFake().start();

    @DynamicPropertySource
    static void vendorOrg(DynamicPropertyRegistry registry) {
        registry.add("partnersync.connectors[0].name", () -> "vendor-sf");
        registry.add("partnersync.connectors[0].type", () -> "salesforce");
        registry.add("partnersync.connectors[0].role", () -> "vendor");
        registry.add("partnersync.connectors[0].base-url", SALESFORCE::url);
        registry.add("partnersync.connectors[0].entities", () -> "partner,deal");
        registry.add("partnersync.connectors[0].secret-env.client-id", () -> "TEST_SF_CLIENT_ID");
        registry.add("partnersync.connectors[0].secret-env.client-secret", () -> "TEST_SF_CLIENT_SECRET");
        registry.add("partnersync.connectors[0].salesforce.where.partner", () -> "IsPartner = true");
        registry.add("partnersync.connectors[0].salesforce.look-back", () -> "PT2M");
        registry.add("partnersync.connectors[1].name", () -> "acme-hubspot");
        registry.add("partnersync.connectors[1].type", () -> "hubspot");
        registry.add("partnersync.connectors[1].role", () -> "partner");
        registry.add("partnersync.connectors[1].partner", () -> "acme");
        registry.add("partnersync.connectors[1].entities", () -> "deal");
        registry.add("TEST_SF_CLIENT_ID", () -> "3MVG9-test-client");
        registry.add("TEST_SF_CLIENT_SECRET", () -> "not-a-real-secret");
    }
}
