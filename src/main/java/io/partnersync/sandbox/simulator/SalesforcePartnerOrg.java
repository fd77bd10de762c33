package io.partnersync.sandbox.simulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A partner's own org on the {@link SalesforceSimulator}: what its reps do, in the fields of the
 * README's set-up of a partner's Salesforce org ({@code mappings/salesforce/partner/}).
 */
final class SalesforcePartnerOrg implements PartnerCrm {

    private final SalesforceSimulator org;
    private final String partner;

    SalesforcePartnerOrg(String partner, int port, Duration lag, Duration slow) {
        this.org = PartnerSetUps.salesforcePartnerOrg(new SalesforceSimulator(port, lag, slow));
        this.partner = partner;
    }

    @Override
    public Simulator simulator() {
        return org;
    }

    /** The partner's integration user's connected app. */
    @Override
    public Map<String, String> credentials() {
        return Map.of("client-id", "3MVG9-sandbox-" + partner, "client-secret", "sandbox-secret-" + partner);
    }

    @Override
    public String registerDeal(Deal deal) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Name", deal.name());
        fields.put("Amount", new java.math.BigDecimal(deal.amount()));
        fields.put("CurrencyIsoCode", deal.currency());
        fields.put("CloseDate", deal.closeDate().toString());
        fields.put("StageName", "Qualification");
        fields.put("PartnerSync_Customer_Name__c", deal.customer());
        fields.put("PartnerSync_Customer_Domain__c", deal.customerDomain());
        fields.put("PartnerSync_Product__c", deal.product());
        fields.put("PartnerSync_Register__c", true);
        fields.put("IsDeleted", false);
        return org.create("Opportunity", fields);
    }


    @Override
    public boolean acceptLead(String email) {
        for (Map<String, Object> lead : org.all("Lead")) {
            if (email.equals(lead.get("Email")) && "Assigned".equals(lead.get("PartnerSync_Lead_Status__c"))) {
                org.edit("Lead", (String) lead.get("Id"), Map.of("PartnerSync_Lead_Status__c", "Accepted"));
                return true;
            }
        }
        return false;
    }
}
