package io.partnersync.sandbox.simulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The vendor's org on the {@link SalesforceSimulator}: what its users do, in the fields of the README's Salesforce set-up. */
final class SalesforceVendorOrg implements VendorCrm {

    private final SalesforceSimulator org;

    SalesforceVendorOrg(int port, Duration lag, Duration slow) {
        this.org = new SalesforceSimulator(port, lag, slow);
    }

    @Override
    public Simulator simulator() {
        return org;
    }

    @Override
    public Map<String, String> credentials() {
        return Map.of("client-id", "3MVG9-sandbox-client", "client-secret", "sandbox-client-secret");
    }

    @Override
    public String createPartner(String key, String name, String tier, List<String> territories, List<String> specializations, int leadCapacity) {
        return org.create("Account", fields("Name", name, "IsPartner", true, "PartnerSync_Key__c", key, "Partner_Tier__c", tier,
                "Partner_Status__c", "Active", "Partner_Territories__c", String.join(";", territories),
                "Partner_Specializations__c", String.join(";", specializations), "Lead_Capacity__c", leadCapacity, "IsDeleted", false));
    }

    @Override
    public String createCustomer(String name, String website) {
        return org.create("Account", fields("Name", name, "IsPartner", false, "Website", website));
    }

    @Override
    public String createOpportunity(Opportunity o) {
        Map<String, Object> fields = fields("Name", o.name(), "AccountId", o.customerId(), "PartnerAccountId", o.partnerId(),
                "Product_Line__c", o.productLine(), "Amount", o.amount(), "CurrencyIsoCode", o.currency(), "CloseDate", o.closeDate().toString(),
                "StageName", "negotiation".equals(o.stage()) ? "Negotiation/Review" : "Proposal/Price Quote", "IsDeleted", false);
        if (o.partnerId() != null) {
            fields.put("Registration_Status__c", "Approved");
        }
        return org.create("Opportunity", fields);
    }

    @Override
    public String createLead(Lead l) {
        return org.create("Lead", fields("FirstName", l.firstName(), "LastName", l.lastName(), "Email", l.email(), "Company", l.company(),
                "Website", l.website(), "CountryCode", l.country(), "StateCode", l.state(), "PostalCode", l.postalCode(),
                "Product_Interest__c", l.productInterest(), "Distribute_To_Partners__c", true, "Partner_Lead_Status__c", "New", "IsDeleted", false));
    }

    @Override
    public void closeWon(String opportunityId) {
        org.edit("Opportunity", opportunityId, Map.of("StageName", "Closed Won"));
    }

    @Override
    public boolean served(String id) {
        return org.served(id);
    }

    private static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return fields;
    }
}
