package io.partnersync.sandbox.simulator;

import java.time.Duration;
import java.util.List;

/** Makes the simulated CRM of a kind (the connector kind's key), in the role the sandbox gives it. */
public final class SimulatedCrms {

    private static final List<String> VENDOR_KINDS = List.of("salesforce");
    private static final List<String> PARTNER_KINDS = List.of("hubspot", "salesforce", "dynamics");

    private SimulatedCrms() {
    }

    /** @throws IllegalArgumentException for a kind the sandbox does not simulate as a vendor CRM */
    public static VendorCrm vendor(String kind, int port, Duration lag, Duration slow) {
        if ("salesforce".equals(kind)) {
            return new SalesforceVendorOrg(port, lag, slow);
        }
        throw new IllegalArgumentException("expected a vendor CRM kind the sandbox simulates (one of " + VENDOR_KINDS + "), not '" + kind + "'");
    }

    /**
     * @param firstId where the CRM's ids start, so two partners' CRMs never share one
     * @throws IllegalArgumentException for a kind the sandbox does not simulate as a partner CRM
     */
    public static PartnerCrm partner(String kind, String partner, int port, long firstId, Duration lag, Duration slow) {
        if ("hubspot".equals(kind)) {
            return new HubSpotPartnerPortal(partner, port, firstId, lag, slow);
        }
        if ("salesforce".equals(kind)) {
            return new SalesforcePartnerOrg(partner, port, lag, slow);
        }
        if ("dynamics".equals(kind)) {
            return new DataversePartnerEnvironment(partner, port, lag, slow);
        }
        throw new IllegalArgumentException("expected a partner CRM kind the sandbox simulates (one of " + PARTNER_KINDS + "), not '" + kind + "'");
    }
}
