package io.partnersync.sandbox.simulator;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A partner's Dynamics 365 environment on the {@link DataverseSimulator}: what its reps do, in the
 * columns of the README's set-up of a partner's environment ({@code mappings/dynamics/}).
 */
final class DataversePartnerEnvironment implements PartnerCrm {

    private static final int ASSIGNED = 100000000;
    private static final int ACCEPTED = 100000001;

    private final DataverseSimulator environment;
    private final String partner;

    DataversePartnerEnvironment(String partner, int port, Duration lag, Duration slow) {
        this.environment = PartnerSetUps.dynamics(new DataverseSimulator(port, lag, slow));
        this.partner = partner;
    }

    @Override
    public Simulator simulator() {
        return environment;
    }

    /** The app registration's client id and secret (the simulated environment issues the tokens itself). */
    @Override
    public Map<String, String> credentials() {
        return Map.of("client-id", "sandbox-app-" + partner, "client-secret", "sandbox-secret-" + partner);
    }

    @Override
    public String registerDeal(Deal deal) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("name", deal.name());
        columns.put("estimatedvalue", new BigDecimal(deal.amount()));
        columns.put("partnersync_currency", deal.currency());
        columns.put("estimatedclosedate", deal.closeDate().toString());
        columns.put("salesstage", 0);
        columns.put("partnersync_customername", deal.customer());
        columns.put("partnersync_customerdomain", deal.customerDomain());
        columns.put("partnersync_product", deal.product());
        columns.put("partnersync_register", true);
        return environment.create("opportunities", columns);
    }

    @Override
    public boolean acceptLead(String email) {
        for (Map<String, Object> lead : environment.all("leads")) {
            if (email.equals(lead.get("emailaddress1")) && Integer.valueOf(ASSIGNED).equals(lead.get("partnersync_leadstatus"))) {
                environment.edit("leads", (String) lead.get("leadid"), Map.of("partnersync_leadstatus", ACCEPTED));
                return true;
            }
        }
        return false;
    }
}
