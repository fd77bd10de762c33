package io.partnersync.connector.salesforce;

import io.partnersync.support.Connectors;
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
        Connectors.salesforceVendor(registry, 0, SALESFORCE::url, "partner,deal", "TEST_SF");
        registry.add("partnersync.connectors[0].salesforce.where.partner", () -> "IsPartner = true");
        registry.add("partnersync.connectors[0].salesforce.look-back", () -> "PT2M");
        Connectors.hubspotPartner(registry, 1, "acme", null);
    }
}
