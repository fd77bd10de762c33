package io.partnersync.sandbox.simulator;

import io.partnersync.sandbox.simulator.DataverseSimulator.Column;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a partner's admin creates in their CRM, as the README's field tables say ("Dynamics 365 (a
 * partner's environment)", "Salesforce (a partner's own org)"), set up on a simulator: its metadata
 * then answers {@code validate --online}, and the Dataverse environment refuses writes to columns it
 * lacks. Written from the README, not from the mappings, so the two are checked against each other.
 */
public final class PartnerSetUps {

    private static final int CHOICE = 100_000_000;

    private PartnerSetUps() {
    }

    /** Lead, Opportunity and PartnerSync Payout with their columns, change tracking and the alternate key on {@code partnersync_id}. */
    public static DataverseSimulator dynamics(DataverseSimulator environment) {
        Map<String, Column> lead = columns("String", "partnersync_id", "firstname", "lastname", "emailaddress1", "companyname", "websiteurl",
                "address1_country", "address1_stateorprovince", "address1_postalcode", "telephone1", "jobtitle", "address1_line1", "address1_city",
                "partnersync_productinterest");
        lead.put("partnersync_leadstatus", choices(8));
        lead.put("partnersync_rejectionreason", Column.of("Memo"));
        lead.put("partnersync_acceptby", Column.of("DateTime"));
        environment.define("leads", true, true, lead);

        Map<String, Column> opportunity = columns("String", "partnersync_id", "name", "partnersync_currency", "partnersync_customername",
                "partnersync_customerdomain", "partnersync_product");
        opportunity.put("estimatedvalue", Column.of("Money"));
        opportunity.put("estimatedclosedate", Column.of("DateTime"));
        opportunity.put("salesstage", Column.choice(0, 1, 2, 3));
        opportunity.put("partnersync_register", Column.of("Boolean"));
        opportunity.put("partnersync_registrationstatus", choices(5));
        opportunity.put("partnersync_registrationreason", Column.of("Memo"));
        opportunity.put("partnersync_exclusiveuntil", Column.of("DateTime"));
        environment.define("opportunities", true, true, opportunity);

        Map<String, Column> payout = columns("String", "partnersync_id", "partnersync_name", "partnersync_currency", "partnersync_period");
        payout.put("partnersync_type", choices(5));
        payout.put("partnersync_amount", Column.of("Decimal"));
        payout.put("partnersync_status", choices(5));
        payout.put("partnersync_duedate", Column.of("DateTime"));
        payout.put("partnersync_reason", Column.of("Memo"));
        return environment.define("partnersync_payouts", true, true, payout);
    }

    /** Lead, Opportunity and the custom object PartnerSync_Payout__c with the fields a partner's org needs. */
    public static SalesforceSimulator salesforcePartnerOrg(SalesforceSimulator org) {
        Map<String, Map<String, Object>> lead = fields("string", "FirstName", "LastName", "Company", "City", "StateCode", "PostalCode", "Title",
                "PartnerSync_Product_Interest__c");
        lead.put("PartnerSync_Id__c", Map.of("type", "string", "externalId", true));
        lead.put("Email", Map.of("type", "email"));
        lead.put("Website", Map.of("type", "url"));
        lead.put("Phone", Map.of("type", "phone"));
        lead.put("Street", Map.of("type", "textarea"));
        lead.put("CountryCode", Map.of("type", "picklist"));
        lead.put("PartnerSync_Lead_Status__c", picklist("Assigned", "Accepted", "Rejected", "Converted", "Disqualified", "Recalled", "Qualified", "Meeting Booked"));
        lead.put("PartnerSync_Rejection_Reason__c", Map.of("type", "textarea"));
        lead.put("PartnerSync_Accept_By__c", Map.of("type", "datetime"));
        org.describe("Lead", lead);

        Map<String, Map<String, Object>> opportunity = fields("string", "Name", "PartnerSync_Customer_Name__c", "PartnerSync_Customer_Domain__c",
                "PartnerSync_Product__c");
        opportunity.put("PartnerSync_Id__c", Map.of("type", "string", "externalId", true));
        opportunity.put("Amount", Map.of("type", "currency"));
        opportunity.put("CurrencyIsoCode", Map.of("type", "picklist"));
        opportunity.put("CloseDate", Map.of("type", "date"));
        opportunity.put("StageName", picklist("Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Proposal/Price Quote",
                "Negotiation/Review", "Closed Won", "Closed Lost"));
        opportunity.put("PartnerSync_Register__c", Map.of("type", "boolean"));
        opportunity.put("PartnerSync_Registration_Status__c", picklist("Submitted", "Pending Review", "Approved", "Rejected", "Expired"));
        opportunity.put("PartnerSync_Registration_Reason__c", Map.of("type", "textarea"));
        opportunity.put("PartnerSync_Exclusive_Until__c", Map.of("type", "date"));
        org.describe("Opportunity", opportunity);

        Map<String, Map<String, Object>> payout = fields("string", "Reference__c", "Period__c");
        payout.put("PartnerSync_Id__c", Map.of("type", "string", "externalId", true));
        payout.put("Type__c", picklist("Rebate", "SPIFF", "MDF Reimbursement", "Commission", "Referral Fee"));
        payout.put("Amount__c", Map.of("type", "currency"));
        payout.put("CurrencyIsoCode", Map.of("type", "picklist"));
        payout.put("Status__c", picklist("Calculated", "Approved", "Paid", "Reversed", "Cancelled"));
        payout.put("Due_Date__c", Map.of("type", "date"));
        payout.put("Reason__c", Map.of("type", "textarea"));
        return org.describe("PartnerSync_Payout__c", payout);
    }

    private static Map<String, Column> columns(String type, String... names) {
        Map<String, Column> columns = new LinkedHashMap<>();
        for (String name : names) {
            columns.put(name, Column.of(type));
        }
        return columns;
    }

    /** A Choice with {@code count} options numbered from 100,000,000 (a publisher's custom option values). */
    private static Column choices(int count) {
        Integer[] options = new Integer[count];
        for (int i = 0; i < count; i++) {
            options[i] = CHOICE + i;
        }
        return Column.choice(options);
    }

    private static Map<String, Map<String, Object>> fields(String type, String... names) {
        Map<String, Map<String, Object>> fields = new LinkedHashMap<>();
        for (String name : names) {
            fields.put(name, Map.of("type", type));
        }
        return fields;
    }

    private static Map<String, Object> picklist(String... values) {
        return Map.of("type", "picklist", "picklistValues", List.of(values).stream().map(v -> Map.of("value", v, "active", true)).toList());
    }
}
