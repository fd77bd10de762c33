package io.partnersync.support;

import io.partnersync.sandbox.simulator.HubSpotSimulator;
import io.partnersync.sandbox.simulator.SalesforceSimulator;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The sandbox's simulated CRMs for integration tests that drive the pollers and the relay
 * themselves: on free loopback ports, every write visible to the next query at once (a test polls
 * right after it writes), and HubSpot's rolling limits raised so that a test never waits one out
 * (the limits have their own tests).
 */
public final class Simulators {

    private static final Duration SLOW = Duration.ofSeconds(31);

    private Simulators() {
    }

    public static SalesforceSimulator salesforce() {
        return new SalesforceSimulator(0, Duration.ZERO, SLOW);
    }

    /** @param firstId the portal's object ids count up from here (keep portals apart) */
    public static HubSpotSimulator portal(String partner, long firstId) {
        return new HubSpotSimulator(partner, 0, firstId, Duration.ZERO, SLOW).limits(1_000_000, 1_000_000);
    }

    /** A deal as a partner's rep enters it in HubSpot and ticks "register" (the properties of {@code mappings/hubspot/deal.yaml}). */
    public static Map<String, String> registeredDeal(String name, String amount, String customer, String domain, String product, java.time.LocalDate closes) {
        Map<String, String> deal = new java.util.LinkedHashMap<>();
        deal.put("dealname", name);
        deal.put("amount", amount);
        deal.put("deal_currency_code", "EUR");
        deal.put("closedate", closes + "T00:00:00Z");
        deal.put("dealstage", "qualifiedtobuy");
        deal.put("partnersync_customer_name", customer);
        deal.put("partnersync_customer_domain", domain);
        deal.put("partnersync_product", product);
        deal.put("partnersync_register", "true");
        return deal;
    }

    /** The record of {@code object} whose {@code field} is {@code value}, as the org holds it now; {@code null} when none. */
    public static Map<String, Object> byField(SalesforceSimulator org, String object, String field, Object value) {
        return org.all(object).stream().filter(record -> Objects.equals(String.valueOf(record.get(field)), String.valueOf(value))).findFirst().orElse(null);
    }
}
