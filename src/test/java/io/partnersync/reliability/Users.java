package io.partnersync.reliability;

import io.partnersync.sandbox.simulator.SalesforceSimulator;
import io.partnersync.sandbox.simulator.HubSpotSimulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The people working in the CRMs while PartnerSync runs: partner reps creating and editing deals in
 * their portals, the channel manager creating and editing partner Opportunities and Leads in
 * Salesforce. Deterministic for a seed; every create and edit is written to the {@link Ledger}.
 */
final class Users {

    /** Each partner's connector: two on HubSpot, one on its own Salesforce org, so every run covers both partner kinds. */
    static final Map<String, String> CONNECTORS = connectors();
    static final List<String> PARTNERS = List.copyOf(CONNECTORS.keySet());

    private static Map<String, String> connectors() {
        Map<String, String> connectors = new LinkedHashMap<>();
        connectors.put("acme", "acme-hubspot");
        connectors.put("globex", "globex-hubspot");
        connectors.put("initech", "initech-sf");
        connectors.put("umbrella", "umbrella-d365");
        return java.util.Collections.unmodifiableMap(connectors);
    }

    /** Whether the partner's CRM is Dynamics 365. */
    static boolean onDynamics(String partner) {
        return CONNECTORS.get(partner).endsWith("-d365");
    }

    /** Whether the partner's CRM is its own Salesforce org. */
    static boolean onSalesforce(String partner) {
        return CONNECTORS.get(partner).endsWith("-sf");
    }

    private final SalesforceSimulator salesforce;
    private final Map<String, HubSpotSimulator> portals;
    private final Map<String, SalesforceSimulator> partnerOrgs;
    private final Map<String, io.partnersync.sandbox.simulator.DataverseSimulator> environments;
    private final Map<String, String> partnerAccounts;
    private final Ledger ledger;
    private final Random random;
    private int next;

    Users(SalesforceSimulator salesforce, Map<String, HubSpotSimulator> portals, Map<String, SalesforceSimulator> partnerOrgs,
          Map<String, io.partnersync.sandbox.simulator.DataverseSimulator> environments, Map<String, String> partnerAccounts, Ledger ledger, long seed) {
        this.environments = environments;
        this.salesforce = salesforce;
        this.portals = portals;
        this.partnerOrgs = partnerOrgs;
        this.partnerAccounts = partnerAccounts;
        this.ledger = ledger;
        this.random = new Random(seed);
    }

    /** Creates {@code count} records: half deals in the partners' CRMs (a sixth in each), 30 % partner Opportunities and 20 % partner Leads in Salesforce. */
    synchronized void create(int count) {
        for (int i = 0; i < count; i++) {
            int n = next++;
            String key = String.format("K%06d", n);
            String partner = PARTNERS.get(n % PARTNERS.size());
            int kind = n % 20;
            if (kind < 10) {
                repCreatesDeal(key, partner);
            } else if (kind < 16) {
                managerCreatesOpportunity(key, partner);
            } else {
                managerCreatesLead(key, partner);
            }
        }
    }

    /** Edits {@code count} records chosen at random, each in the system it was created in. */
    synchronized void edit(int count) {
        List<Ledger.Entry> all = ledger.all();
        for (int i = 0; i < count && !all.isEmpty(); i++) {
            Ledger.Entry entry = all.get(random.nextInt(all.size()));
            entry.version++;
            if (entry.origin.equals(Ledger.SALESFORCE)) {
                salesforce.edit(entry.entity == Ledger.Entity.DEAL ? "Opportunity" : "Lead", entry.originId, entry.entity == Ledger.Entity.DEAL
                        ? Map.of("Name", entry.label(), "Amount", entry.amount()) : Map.of("LastName", entry.label()));
            } else if (onDynamics(entry.partner)) {
                environments.get(entry.partner).edit("opportunities", entry.originId, Map.of("name", entry.label(), "estimatedvalue", entry.amount()));
            } else if (onSalesforce(entry.partner)) {
                partnerOrgs.get(entry.partner).edit("Opportunity", entry.originId, Map.of("Name", entry.label(), "Amount", entry.amount()));
            } else {
                portals.get(entry.partner).write("deals", entry.originId, Map.of("dealname", entry.label(), "amount", String.valueOf(entry.amount())));
            }
            entry.edited(entry.origin.equals(Ledger.SALESFORCE) ? "manager" : "rep");
        }
    }

    private void repCreatesDeal(String key, String partner) {
        if (onSalesforce(partner)) {
            repCreatesOpportunity(key, partner);
            return;
        }
        if (onDynamics(partner)) {
            repCreatesDynamicsOpportunity(key, partner);
            return;
        }
        Ledger.Entry entry = new Ledger.Entry(key, Ledger.Entity.DEAL, partner + "-hubspot", partner, null);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("dealname", entry.label());
        properties.put("amount", String.valueOf(entry.amount()));
        properties.put("deal_currency_code", "EUR");
        properties.put("closedate", "2027-06-30T00:00:00.000Z");
        properties.put("dealstage", "qualifiedtobuy");
        properties.put("partnersync_customer_name", customer(key) + " GmbH");
        properties.put("partnersync_customer_domain", customer(key).toLowerCase().replace(" ", "") + ".example");
        properties.put("partnersync_product", "Firewall");
        String id = portals.get(partner).create("deals", properties);
        add(new Ledger.Entry(key, Ledger.Entity.DEAL, partner + "-hubspot", partner, id), "rep");
    }

    /** A rep of a partner on its own Salesforce org enters an opportunity there (the fields of mappings/salesforce/partner/deal.yaml). */
    private void repCreatesOpportunity(String key, String partner) {
        String connector = CONNECTORS.get(partner);
        Ledger.Entry entry = new Ledger.Entry(key, Ledger.Entity.DEAL, connector, partner, null);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Name", entry.label());
        fields.put("Amount", entry.amount());
        fields.put("CurrencyIsoCode", "EUR");
        fields.put("CloseDate", "2027-06-30");
        fields.put("StageName", "Qualification");
        fields.put("PartnerSync_Customer_Name__c", customer(key) + " BV");
        fields.put("PartnerSync_Customer_Domain__c", customer(key).toLowerCase().replace(" ", "") + ".example");
        fields.put("PartnerSync_Product__c", "Firewall");
        fields.put("IsDeleted", false);
        String id = partnerOrgs.get(partner).create("Opportunity", fields);
        add(new Ledger.Entry(key, Ledger.Entity.DEAL, connector, partner, id), "rep");
    }

    /** A rep of a partner on Dynamics 365 enters an opportunity there (the columns of mappings/dynamics/deal.yaml). */
    private void repCreatesDynamicsOpportunity(String key, String partner) {
        String connector = CONNECTORS.get(partner);
        Ledger.Entry entry = new Ledger.Entry(key, Ledger.Entity.DEAL, connector, partner, null);
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("name", entry.label());
        columns.put("estimatedvalue", entry.amount());
        columns.put("partnersync_currency", "EUR");
        columns.put("estimatedclosedate", "2027-06-30");
        columns.put("salesstage", 0);
        columns.put("partnersync_customername", customer(key) + " SpA");
        columns.put("partnersync_customerdomain", customer(key).toLowerCase().replace(" ", "") + ".example");
        columns.put("partnersync_product", "Firewall");
        String id = environments.get(partner).create("opportunities", columns);
        add(new Ledger.Entry(key, Ledger.Entity.DEAL, connector, partner, id), "rep");
    }

    private void managerCreatesOpportunity(String key, String partner) {
        Ledger.Entry entry = new Ledger.Entry(key, Ledger.Entity.DEAL, Ledger.SALESFORCE, partner, null);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Name", entry.label());
        fields.put("PartnerAccountId", partnerAccounts.get(partner));
        fields.put("Account", Map.of("attributes", Map.of("type", "Account"), "Name", customer(key) + " Ltd",
                "Website", "https://www." + customer(key).toLowerCase().replace(" ", "") + ".example"));
        fields.put("Product_Line__c", "Firewall");
        fields.put("Amount", entry.amount());
        fields.put("CurrencyIsoCode", "EUR");
        fields.put("CloseDate", "2027-06-30");
        fields.put("StageName", "Qualification");
        fields.put("Registration_Status__c", null);
        String id = salesforce.create("Opportunity", fields);
        add(new Ledger.Entry(key, Ledger.Entity.DEAL, Ledger.SALESFORCE, partner, id), "manager");
    }

    private void managerCreatesLead(String key, String partner) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("FirstName", "Dana");
        fields.put("LastName", "Reyes v1");
        fields.put("Email", key.toLowerCase() + "@leads.example");
        fields.put("Company", customer(key) + " AG");
        fields.put("Website", null);
        fields.put("CountryCode", "DE");
        fields.put("Product_Interest__c", "Firewall");
        fields.put("Partner_Lead_Status__c", "Assigned");
        fields.put("Assigned_Partner__c", partnerAccounts.get(partner));
        fields.put("Partner_Accept_By__c", null);
        String id = salesforce.create("Lead", fields);
        add(new Ledger.Entry(key, Ledger.Entity.LEAD, Ledger.SALESFORCE, partner, id), "manager");
    }

    private void add(Ledger.Entry entry, String user) {
        entry.edited(user);
        ledger.add(entry);
    }

    /** One of 40 customers, so deals and leads meet at shared companies in the portals. */
    private static String customer(String key) {
        return "Customer " + (Math.abs(key.hashCode()) % 40);
    }
}
