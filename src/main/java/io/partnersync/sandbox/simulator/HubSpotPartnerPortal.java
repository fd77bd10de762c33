package io.partnersync.sandbox.simulator;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A partner's portal on the {@link HubSpotSimulator}: what its reps do, in the properties of the README's HubSpot set-up. */
final class HubSpotPartnerPortal implements PartnerCrm {

    private final HubSpotSimulator portal;
    private final String partner;

    HubSpotPartnerPortal(String partner, int port, long firstId, Duration lag, Duration slow) {
        this.portal = new HubSpotSimulator(partner, port, firstId, lag, slow);
        this.partner = partner;
    }

    @Override
    public Simulator simulator() {
        return portal;
    }

    /** The private app's token, and the app's client secret, which signs its webhooks. */
    @Override
    public Map<String, String> credentials() {
        return Map.of("token", "pat-sandbox-" + partner, "client-secret", clientSecret());
    }

    @Override
    public void deliverChangesTo(URI service, String connector) {
        portal.subscribe(service.resolve("/webhooks/hubspot/" + connector), clientSecret());
    }

    @Override
    public long changesDelivered() {
        return portal.webhooksDelivered();
    }

    @Override
    public String registerDeal(Deal deal) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("dealname", deal.name());
        properties.put("amount", deal.amount());
        properties.put("deal_currency_code", deal.currency());
        properties.put("closedate", deal.closeDate() + "T00:00:00Z");
        properties.put("dealstage", "qualifiedtobuy");
        properties.put("partnersync_customer_name", deal.customer());
        properties.put("partnersync_customer_domain", deal.customerDomain());
        properties.put("partnersync_product", deal.product());
        properties.put("partnersync_register", "true");
        return portal.create("deals", properties);
    }


    @Override
    public boolean acceptLead(String email) {
        for (var contact : portal.all("contacts").entrySet()) {
            if (email.equals(contact.getValue().get("email")) && "assigned".equals(contact.getValue().get("partnersync_lead_status"))) {
                portal.write("contacts", contact.getKey(), Map.of("partnersync_lead_status", "accepted"));
                return true;
            }
        }
        return false;
    }

    private String clientSecret() {
        return "sandbox-app-secret-" + partner;
    }
}
