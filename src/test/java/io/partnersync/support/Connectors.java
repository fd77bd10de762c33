package io.partnersync.support;

import java.util.function.Supplier;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Connector configuration for tests, as an admin would write it, with its secrets in (test) environment properties. */
public final class Connectors {

    private Connectors() {
    }

    /** A vendor Salesforce connector {@code vendor-sf} at {@code index}, logging in with client credentials. */
    public static void salesforceVendor(DynamicPropertyRegistry registry, int index, Supplier<Object> url, String entities, String envPrefix) {
        String prefix = "partnersync.connectors[" + index + "].";
        registry.add(prefix + "name", () -> "vendor-sf");
        registry.add(prefix + "type", () -> "salesforce");
        registry.add(prefix + "role", () -> "vendor");
        registry.add(prefix + "base-url", url);
        registry.add(prefix + "local-sandbox", () -> "true");
        registry.add(prefix + "entities", () -> entities);
        registry.add(prefix + "secret-env.client-id", () -> envPrefix + "_CLIENT_ID");
        registry.add(prefix + "secret-env.client-secret", () -> envPrefix + "_CLIENT_SECRET");
        registry.add(envPrefix + "_CLIENT_ID", () -> "3MVG9-" + envPrefix.toLowerCase());
        registry.add(envPrefix + "_CLIENT_SECRET", () -> "secret-of-" + envPrefix.toLowerCase());
    }

    /**
     * A partner's own Salesforce org as connector {@code <partner>-sf} at {@code index} (role partner,
     * mappings/salesforce/partner/), reading back only the leads PartnerSync placed there.
     */
    public static void salesforcePartner(DynamicPropertyRegistry registry, int index, String partner, Supplier<Object> url, String entities,
                                         String envPrefix) {
        String prefix = "partnersync.connectors[" + index + "].";
        registry.add(prefix + "name", () -> partner + "-sf");
        registry.add(prefix + "type", () -> "salesforce");
        registry.add(prefix + "role", () -> "partner");
        registry.add(prefix + "partner", () -> partner);
        registry.add(prefix + "base-url", url);
        registry.add(prefix + "local-sandbox", () -> "true");
        registry.add(prefix + "entities", () -> entities);
        registry.add(prefix + "secret-env.client-id", () -> envPrefix + "_CLIENT_ID");
        registry.add(prefix + "secret-env.client-secret", () -> envPrefix + "_CLIENT_SECRET");
        registry.add(prefix + "salesforce.where.lead", () -> "PartnerSync_Id__c != null");
        registry.add(envPrefix + "_CLIENT_ID", () -> "3MVG9-" + envPrefix.toLowerCase());
        registry.add(envPrefix + "_CLIENT_SECRET", () -> "secret-of-" + envPrefix.toLowerCase());
    }

    /** A partner's Dynamics 365 environment as connector {@code <partner>-d365} at {@code index} (its simulator also issues the tokens). */
    public static void dynamicsPartner(DynamicPropertyRegistry registry, int index, String partner, Supplier<Object> url, String entities,
                                       String envPrefix) {
        String prefix = "partnersync.connectors[" + index + "].";
        registry.add(prefix + "name", () -> partner + "-d365");
        registry.add(prefix + "type", () -> "dynamics");
        registry.add(prefix + "role", () -> "partner");
        registry.add(prefix + "partner", () -> partner);
        registry.add(prefix + "base-url", url);
        registry.add(prefix + "local-sandbox", () -> "true");
        registry.add(prefix + "entities", () -> entities);
        registry.add(prefix + "secret-env.client-id", () -> envPrefix + "_CLIENT_ID");
        registry.add(prefix + "secret-env.client-secret", () -> envPrefix + "_CLIENT_SECRET");
        registry.add(prefix + "dynamics.tenant", () -> "tenant-" + partner);
        registry.add(envPrefix + "_CLIENT_ID", () -> "app-" + envPrefix.toLowerCase());
        registry.add(envPrefix + "_CLIENT_SECRET", () -> "secret-of-" + envPrefix.toLowerCase());
    }

    /** A partner HubSpot connector {@code <partner>-hubspot} at {@code index}. */
    public static void hubspotPartner(DynamicPropertyRegistry registry, int index, String partner, Supplier<Object> url) {
        hubspotPartner(registry, index, partner, url, "deal");
    }

    /** A partner HubSpot connector {@code <partner>-hubspot} at {@code index} syncing {@code entities}. */
    public static void hubspotPartner(DynamicPropertyRegistry registry, int index, String partner, Supplier<Object> url, String entities) {
        String prefix = "partnersync.connectors[" + index + "].";
        registry.add(prefix + "name", () -> partner + "-hubspot");
        registry.add(prefix + "type", () -> "hubspot");
        registry.add(prefix + "role", () -> "partner");
        registry.add(prefix + "partner", () -> partner);
        registry.add(prefix + "entities", () -> entities);
        if (url != null) {
            registry.add(prefix + "base-url", url);
            registry.add(prefix + "local-sandbox", () -> "true");
        }
        registry.add(prefix + "secret-env.token", () -> partner.toUpperCase() + "_HUBSPOT_TOKEN");
        registry.add(partner.toUpperCase() + "_HUBSPOT_TOKEN", () -> "pat-test-" + partner);
        registry.add(prefix + "secret-env.client-secret", () -> partner.toUpperCase() + "_HUBSPOT_CLIENT_SECRET");
        registry.add(partner.toUpperCase() + "_HUBSPOT_CLIENT_SECRET", () -> "app-secret-" + partner);
    }
}
