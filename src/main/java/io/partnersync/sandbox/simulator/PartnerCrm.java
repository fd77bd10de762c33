package io.partnersync.sandbox.simulator;

import java.time.LocalDate;

/** What a partner's rep does in their own simulated CRM: register deals, answer the leads PartnerSync gives them. */
public interface PartnerCrm extends SimulatedCrm {

    /** The rep enters a deal and asks for its registration; returns its id in this CRM. */
    String registerDeal(Deal deal);


    /** The rep accepts the lead with {@code email} if PartnerSync assigned it to them; returns whether there was one to accept. */
    boolean acceptLead(String email);

    /** @param amount as the rep typed it (it may be bad, such as {@code 12k}) */
    record Deal(String name, String amount, String currency, LocalDate closeDate, String product, String customer, String customerDomain) {
    }
}
