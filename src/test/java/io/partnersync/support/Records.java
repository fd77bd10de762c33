package io.partnersync.support;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** CRM records in the shapes the CRMs' APIs return them, for tests. */
public final class Records {

    /** HubSpot's own date-time format, three fraction digits, so that a fake portal's text order is time order. */
    public static final java.time.format.DateTimeFormatter HUBSPOT_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private Records() {
    }

    /** A rep's deal in a portal, as {@link HubSpotPortal#seed} takes it: Contoso, a firewall, EUR, qualified to buy. */
    public static com.fasterxml.jackson.databind.node.ObjectNode portalDeal(String id, String name, String amount, java.time.Instant modified) {
        var deal = JSON.createObjectNode().put("id", id).put("archived", false).put("createdAt", HUBSPOT_TIME.format(modified));
        deal.putObject("properties").put("dealname", name).put("amount", amount).put("deal_currency_code", "EUR")
                .put("closedate", "2027-03-31T00:00:00Z").put("dealstage", "qualifiedtobuy")
                .put("partnersync_customer_name", "Contoso").put("partnersync_customer_domain", "contoso.com").put("partnersync_product", "Firewall")
                .put("hs_lastmodifieddate", HUBSPOT_TIME.format(modified)).put("hs_object_id", id);
        return deal;
    }

    /** A Salesforce partner Account as a SOQL query returns it. */
    public static Map<String, Object> salesforcePartner(String id, String key, String name, String tier, String modstamp) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("attributes", Map.of("type", "Account", "url", "/services/data/v62.0/sobjects/Account/" + id));
        record.put("Id", id);
        record.put("Name", name);
        record.put("PartnerSync_Key__c", key);
        record.put("Partner_Tier__c", tier);
        record.put("Partner_Status__c", "Active");
        record.put("Partner_Territories__c", "EMEA;DACH");
        record.put("Partner_Specializations__c", "Security");
        record.put("Lead_Capacity__c", 25);
        record.put("IsDeleted", false);
        record.put("SystemModstamp", modstamp);
        return record;
    }

    /** A Salesforce Opportunity with its Account relationship, as a SOQL query returns it. */
    public static Map<String, Object> salesforceOpportunity(String id, String partnerAccountId, String name, double amount, String modstamp) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("attributes", Map.of("type", "Opportunity", "url", "/services/data/v62.0/sobjects/Opportunity/" + id));
        record.put("Id", id);
        record.put("Name", name);
        record.put("PartnerAccountId", partnerAccountId);
        record.put("Account", Map.of("attributes", Map.of("type", "Account"), "Name", "Contoso Ltd", "Website", "https://www.contoso.com"));
        record.put("Product_Line__c", "Firewall");
        record.put("Amount", amount);
        record.put("CurrencyIsoCode", "EUR");
        record.put("CloseDate", "2027-03-31");
        record.put("StageName", "Qualification");
        record.put("Registration_Status__c", null);
        record.put("IsDeleted", false);
        record.put("SystemModstamp", modstamp);
        return record;
    }

    /** A Salesforce Lead assigned to a partner, as a SOQL query returns it. */
    public static Map<String, Object> salesforceLead(String id, String assignedPartnerAccountId, String email, String company, String modstamp) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("attributes", Map.of("type", "Lead", "url", "/services/data/v62.0/sobjects/Lead/" + id));
        record.put("Id", id);
        record.put("FirstName", "Dana");
        record.put("LastName", "Reyes");
        record.put("Email", email);
        record.put("Company", company);
        record.put("Website", null);
        record.put("CountryCode", "de");
        record.put("Product_Interest__c", "Firewall");
        record.put("Partner_Lead_Status__c", "Assigned");
        record.put("Assigned_Partner__c", assignedPartnerAccountId);
        record.put("IsDeleted", false);
        record.put("SystemModstamp", modstamp);
        return record;
    }

    /** A HubSpot CRM v3 deal object ({@code GET /crm/v3/objects/deals/{id}}). */
    public static Map<String, Object> hubspotDeal(String id, String name, String amount, String lastModified) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("dealname", name);
        properties.put("amount", amount);
        properties.put("deal_currency_code", "EUR");
        properties.put("closedate", "2027-03-31T00:00:00Z");
        properties.put("dealstage", "qualifiedtobuy");
        properties.put("partnersync_customer_name", "Contoso Ltd");
        properties.put("partnersync_customer_domain", "contoso.com");
        properties.put("partnersync_product", "Firewall");
        properties.put("hs_lastmodifieddate", lastModified);
        properties.put("hs_object_id", id);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", id);
        record.put("properties", properties);
        record.put("createdAt", "2026-11-01T09:00:00Z");
        record.put("updatedAt", lastModified);
        record.put("archived", false);
        return record;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> properties(Map<String, Object> hubspotRecord) {
        return (Map<String, Object>) hubspotRecord.get("properties");
    }
}
