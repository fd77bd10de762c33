package io.partnersync.sandbox.simulator;

import java.time.LocalDate;
import java.util.List;

/** What the vendor's people do in the vendor's simulated CRM: set up partners and customers, sell, hand out leads. */
public interface VendorCrm extends SimulatedCrm {

    /** A partner account, active, with its PartnerSync key, tier, territories, specializations and lead capacity; returns its id. */
    String createPartner(String key, String name, String tier, List<String> territories, List<String> specializations, int leadCapacity);

    /** A customer account; returns its id. */
    String createCustomer(String name, String website);

    /**
     * An opportunity of {@code customer}: the vendor's own when {@code partner} is {@code null}, else
     * a partner's deal already registered and approved; returns its id.
     */
    String createOpportunity(Opportunity opportunity);

    /** A lead put up for distribution to the partners; returns its id. */
    String createLead(Lead lead);

    /** A channel manager closes an opportunity won. */
    void closeWon(String opportunityId);

    /** Whether a reader of the CRM (the service) has been served the record with this id. */
    boolean served(String id);

    /** @param stage {@code proposal} or {@code negotiation} */
    record Opportunity(String name, String customerId, String partnerId, String productLine, int amount, String currency, LocalDate closeDate,
                       String stage) {
    }

    record Lead(String firstName, String lastName, String email, String company, String website, String country, String state, String postalCode,
                String productInterest) {
    }
}
