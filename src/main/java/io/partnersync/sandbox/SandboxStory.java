package io.partnersync.sandbox;

import io.partnersync.sandbox.simulator.HubSpotSimulator;
import io.partnersync.sandbox.simulator.SalesforceSimulator;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's sample data and its scripted users, acting through the simulators only (what a
 * Salesforce user or a partner's rep does in their own CRM):
 * <ol>
 *   <li>at start, the vendor's org holds the two partner Accounts (Acme, gold, DACH; Globex, silver,
 *       France and Benelux), customer Accounts, and the vendor's own open opportunity with Fabrikam;</li>
 *   <li>once PartnerSync has read the partners and that opportunity, the vendor's marketing puts four
 *       leads up for distribution (two in DACH, two in France), a channel manager closes a registered
 *       Acme deal won, and the partners' reps register deals in their portals: Acme for Contoso
 *       (auto-approved), Globex for Fabrikam (the vendor is selling there itself: a channel conflict
 *       for review), and Globex's rep types {@code 12k} as an amount (the bad record);</li>
 *   <li>Acme's rep accepts the first lead PartnerSync assigns to Acme.</li>
 * </ol>
 * Each step runs once; {@link #step} is called every second from the sandbox's own thread.
 */
final class SandboxStory {

    /** The Globex deal whose amount a rep typed as {@code 12k}: the seeded bad record (the README shows its fix). */
    static final String BAD_DEAL_NAME = "Northwind Traders renewal";
    static final String ACCEPTED_LEAD_EMAIL = "dana.reyes@contoso.example";

    private static final Logger log = LoggerFactory.getLogger(SandboxStory.class);
    private static final Duration SETTLE = Duration.ofSeconds(3);

    private final SalesforceSimulator salesforce;
    private final HubSpotSimulator acme;
    private final HubSpotSimulator globex;
    private final LocalDate today = LocalDate.now();
    private String acmeAccount;
    private String globexAccount;
    private String directOpportunity;
    private String wonOpportunity;
    private long partnersSeenAt;
    private boolean activityCreated;
    private boolean leadAccepted;
    private volatile String badDeal;

    SandboxStory(SalesforceSimulator salesforce, HubSpotSimulator acme, HubSpotSimulator globex) {
        this.salesforce = salesforce;
        this.acme = acme;
        this.globex = globex;
    }

    /** The HubSpot id of the bad record in Globex's portal, once the rep has made it. */
    String badDeal() {
        return badDeal;
    }

    /** What the org holds when the service starts. */
    void seed() {
        acmeAccount = salesforce.create("Account", partner("acme", "Acme Systems", "Gold", "DE;AT;CH"));
        globexAccount = salesforce.create("Account", partner("globex", "Globex Consulting", "Silver", "FR;BE;LU"));
        Map<String, String> customers = Map.of("Contoso GmbH", "https://www.contoso.example", "Fabrikam AG", "https://fabrikam.example",
                "Northwind Traders", "https://northwind.example", "Lucerne Publishing", "https://lucerne.example");
        Map<String, String> customerIds = new LinkedHashMap<>();
        customers.forEach((name, website) -> customerIds.put(name, salesforce.create("Account", fields("Name", name, "IsPartner", false, "Website", website))));
        Map<String, Object> direct = fields("Name", "Fabrikam AG: firewall renewal (direct)", "AccountId", customerIds.get("Fabrikam AG"), "PartnerAccountId", null,
                "Product_Line__c", "Firewall", "Amount", 90000, "CurrencyIsoCode", "EUR", "CloseDate", today.plusMonths(2).toString(),
                "StageName", "Proposal/Price Quote", "IsDeleted", false);
        directOpportunity = salesforce.create("Opportunity", direct);
        Map<String, Object> won = fields("Name", "Contoso GmbH: Firewall X200 cluster", "AccountId", customerIds.get("Contoso GmbH"), "PartnerAccountId", acmeAccount,
                "Product_Line__c", "Firewall X200", "Amount", 48000, "CurrencyIsoCode", "EUR", "CloseDate", today.toString(),
                "StageName", "Negotiation/Review", "Registration_Status__c", "Approved", "IsDeleted", false);
        wonOpportunity = salesforce.create("Opportunity", won);
        log.info("Sandbox: the simulated Salesforce org holds partners Acme Systems and Globex Consulting, {} customers and 2 opportunities",
                customers.size());
    }

    /** Moves the story on when what each step waits for has happened. */
    void step() {
        long now = System.currentTimeMillis();
        if (!activityCreated) {
            if (partnersSeenAt == 0 && salesforce.served(acmeAccount) && salesforce.served(globexAccount) && salesforce.served(directOpportunity)
                    && salesforce.served(wonOpportunity)) {
                partnersSeenAt = now;
            }
            if (partnersSeenAt != 0 && now - partnersSeenAt >= SETTLE.toMillis()) {
                createActivity();
                activityCreated = true;
            }
            return;
        }
        if (!leadAccepted) {
            acme.all("contacts").forEach((id, contact) -> {
                if (!leadAccepted && ACCEPTED_LEAD_EMAIL.equals(contact.get("email")) && "assigned".equals(contact.get("partnersync_lead_status"))) {
                    acme.write("contacts", id, Map.of("partnersync_lead_status", "accepted"));
                    leadAccepted = true;
                    log.info("Sandbox: Acme's rep accepted lead {} in the Acme portal (contact {})", ACCEPTED_LEAD_EMAIL, id);
                }
            });
        }
    }

    boolean finished() {
        return activityCreated && leadAccepted;
    }

    private void createActivity() {
        salesforce.create("Lead", lead("Dana", "Reyes", ACCEPTED_LEAD_EMAIL, "Contoso GmbH", "https://www.contoso.example", "DE", "BY", "80331"));
        salesforce.create("Lead", lead("Jonas", "Weber", "jonas.weber@fabrikam.example", "Fabrikam AG", "https://fabrikam.example", "AT", null, "1010"));
        salesforce.create("Lead", lead("Camille", "Martin", "camille.martin@lucerne.example", "Lucerne Publishing", "https://lucerne.example", "FR", null, "69002"));
        salesforce.create("Lead", lead("Hugo", "Lambert", "hugo.lambert@northwind.example", "Northwind Traders", "https://northwind.example", "BE", null, "1000"));
        // the channel manager closes the registered Acme deal won: PartnerSync calculates its rebate and SPIFF
        salesforce.edit("Opportunity", wonOpportunity, Map.of("StageName", "Closed Won"));
        // the reps register deals in their own portals
        acme.create("deals", deal("Contoso GmbH: perimeter firewalls", "40000", "Firewall", "Contoso GmbH", "www.contoso.example"));
        globex.create("deals", deal("Fabrikam AG: SD-WAN rollout", "20000", "SD-WAN", "Fabrikam AG", "fabrikam.example"));
        Map<String, String> bad = deal(BAD_DEAL_NAME, "12k", "Firewall", "Northwind Traders", "northwind.example");
        badDeal = globex.create("deals", bad);
        log.info("Sandbox: 4 leads put up for distribution, an Acme deal closed won in Salesforce, 3 deals registered in the portals"
                + " (Globex's deal {} has the amount '12k')", badDeal);
    }

    private static Map<String, Object> partner(String key, String name, String tier, String territories) {
        return fields("Name", name, "IsPartner", true, "PartnerSync_Key__c", key, "Partner_Tier__c", tier, "Partner_Status__c", "Active",
                "Partner_Territories__c", territories, "Partner_Specializations__c", "Firewall;SD-WAN", "Lead_Capacity__c", 25, "IsDeleted", false);
    }

    private static Map<String, Object> lead(String first, String last, String email, String company, String website, String country, String state,
                                            String postalCode) {
        return fields("FirstName", first, "LastName", last, "Email", email, "Company", company, "Website", website, "CountryCode", country,
                "StateCode", state, "PostalCode", postalCode, "Product_Interest__c", "Firewall", "Distribute_To_Partners__c", true,
                "Partner_Lead_Status__c", "New", "IsDeleted", false);
    }

    private Map<String, String> deal(String name, String amount, String product, String customer, String domain) {
        Map<String, String> deal = new LinkedHashMap<>();
        deal.put("dealname", name);
        deal.put("amount", amount);
        deal.put("deal_currency_code", "EUR");
        deal.put("closedate", today.plusMonths(3) + "T00:00:00Z");
        deal.put("dealstage", "qualifiedtobuy");
        deal.put("partnersync_customer_name", customer);
        deal.put("partnersync_customer_domain", domain);
        deal.put("partnersync_product", product);
        deal.put("partnersync_register", "true");
        return deal;
    }

    private static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return fields;
    }
}
