package io.partnersync.sandbox;

import io.partnersync.sandbox.simulator.PartnerCrm;
import io.partnersync.sandbox.simulator.VendorCrm;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's sample data and its scripted users, acting through the simulated CRMs only (what a
 * vendor's user or a partner's rep does in their own CRM, whatever its kind):
 * <ol>
 *   <li>at start, the vendor's CRM holds the four partner Accounts (Acme, gold, DACH; Globex, silver,
 *       France, Belgium and Luxembourg; Initech, silver, the Netherlands, on its own Salesforce org;
 *       Umbrella, silver, Italy, on Dynamics 365), customer Accounts, and the
 *       vendor's own open opportunity with Fabrikam;</li>
 *   <li>once PartnerSync has read the partners and that opportunity, the vendor's marketing puts four
 *       leads up for distribution (two in DACH, two in France and Belgium, one in the Netherlands), a channel manager closes a registered
 *       Acme deal won, and the partners' reps register deals in their own CRMs: Acme for Contoso
 *       (auto-approved), Globex for Fabrikam (the vendor is selling there itself: a channel conflict
 *       for review), Globex's rep types {@code 12k} as an amount (the bad record), Initech for Wingtip Toys and
 *       Umbrella for Alpine Ski House (both auto-approved);</li>
 *   <li>Acme's, Initech's and Umbrella's reps accept the leads PartnerSync assigns to them.</li>
 * </ol>
 * Each step runs once; {@link #step} is called every second from the sandbox's own thread.
 */
final class SandboxStory {

    /** The partners the story plays, by key. */
    static final List<String> PARTNERS = List.of("acme", "globex", "initech", "umbrella");
    /** The Globex deal whose amount a rep typed as {@code 12k}: the seeded bad record (the README shows its fix). */
    static final String BAD_DEAL_NAME = "Northwind Traders renewal";
    static final String ACCEPTED_LEAD_EMAIL = "dana.reyes@contoso.example";
    /** The lead Initech's rep accepts in Initech's own CRM. */
    static final String INITECH_LEAD_EMAIL = "sanne.devries@wingtip.example";
    /** The lead Umbrella's rep accepts in Umbrella's Dynamics 365. */
    static final String UMBRELLA_LEAD_EMAIL = "giulia.rossi@alpineski.example";

    private static final Logger log = LoggerFactory.getLogger(SandboxStory.class);
    private static final Duration SETTLE = Duration.ofSeconds(3);

    private final VendorCrm vendor;
    private final PartnerCrm acme;
    private final PartnerCrm globex;
    private final PartnerCrm initech;
    private final PartnerCrm umbrella;
    private final LocalDate today = LocalDate.now();
    private String acmeAccount;
    private String globexAccount;
    private String initechAccount;
    private String umbrellaAccount;
    private String directOpportunity;
    private String wonOpportunity;
    private long partnersSeenAt;
    private boolean activityCreated;
    private boolean leadAccepted;
    private boolean initechLeadAccepted;
    private boolean umbrellaLeadAccepted;
    private volatile String badDeal;

    SandboxStory(VendorCrm vendor, Map<String, PartnerCrm> partners) {
        this.vendor = vendor;
        this.acme = partners.get("acme");
        this.globex = partners.get("globex");
        this.initech = partners.get("initech");
        this.umbrella = partners.get("umbrella");
        this.newcomer = partners.containsKey(SandboxInvitation.NEWCOMER);
    }

    private final boolean newcomer;

    /** The id of the bad record in Globex's CRM, once the rep has made it. */
    String badDeal() {
        return badDeal;
    }

    /** What the vendor's CRM holds when the service starts. */
    void seed() {
        List<String> specializations = List.of("Firewall", "SD-WAN");
        acmeAccount = vendor.createPartner("acme", "Acme Systems", "Gold", List.of("DE", "AT", "CH"), specializations, 25);
        globexAccount = vendor.createPartner("globex", "Globex Consulting", "Silver", List.of("FR", "BE", "LU"), specializations, 25);
        initechAccount = vendor.createPartner("initech", "Initech Networks", "Silver", List.of("NL"), specializations, 25);
        umbrellaAccount = vendor.createPartner("umbrella", "Umbrella Networks", "Silver", List.of("IT"), specializations, 25);
        if (newcomer) {
            // a partner the vendor signed, not connected yet: the sandbox invites it (SandboxInvitation)
            vendor.createPartner(SandboxInvitation.NEWCOMER, "Hooli Integrations", "Gold", List.of("ES", "PT"), specializations, 25);
        }
        Map<String, String> customers = Map.of("Contoso GmbH", "https://www.contoso.example", "Fabrikam AG", "https://fabrikam.example",
                "Northwind Traders", "https://northwind.example", "Lucerne Publishing", "https://lucerne.example", "Wingtip Toys BV", "https://wingtip.example",
                "Alpine Ski House", "https://alpineski.example");
        Map<String, String> customerIds = new LinkedHashMap<>();
        customers.forEach((name, website) -> customerIds.put(name, vendor.createCustomer(name, website)));
        directOpportunity = vendor.createOpportunity(new VendorCrm.Opportunity("Fabrikam AG: firewall renewal (direct)", customerIds.get("Fabrikam AG"),
                null, "Firewall", 90000, "EUR", today.plusMonths(2), "proposal"));
        wonOpportunity = vendor.createOpportunity(new VendorCrm.Opportunity("Contoso GmbH: Firewall X200 cluster", customerIds.get("Contoso GmbH"),
                acmeAccount, "Firewall X200", 48000, "EUR", today, "negotiation"));
        log.info("Sandbox: the vendor's simulated CRM holds partners Acme Systems, Globex Consulting, Initech Networks and Umbrella Networks, {} customers and 2 opportunities",
                customers.size());
    }

    /** Moves the story on when what each step waits for has happened. */
    void step() {
        long now = System.currentTimeMillis();
        if (!activityCreated) {
            if (partnersSeenAt == 0 && vendor.served(acmeAccount) && vendor.served(globexAccount) && vendor.served(initechAccount) && vendor.served(umbrellaAccount)
                    && vendor.served(directOpportunity)
                    && vendor.served(wonOpportunity)) {
                partnersSeenAt = now;
            }
            if (partnersSeenAt != 0 && now - partnersSeenAt >= SETTLE.toMillis()) {
                createActivity();
                activityCreated = true;
            }
            return;
        }
        if (!leadAccepted && acme.acceptLead(ACCEPTED_LEAD_EMAIL)) {
            leadAccepted = true;
            log.info("Sandbox: Acme's rep accepted lead {} in Acme's CRM", ACCEPTED_LEAD_EMAIL);
        }
        if (!initechLeadAccepted && initech.acceptLead(INITECH_LEAD_EMAIL)) {
            initechLeadAccepted = true;
            log.info("Sandbox: Initech's rep accepted lead {} in Initech's CRM", INITECH_LEAD_EMAIL);
        }
        if (!umbrellaLeadAccepted && umbrella.acceptLead(UMBRELLA_LEAD_EMAIL)) {
            umbrellaLeadAccepted = true;
            log.info("Sandbox: Umbrella's rep accepted lead {} in Umbrella's CRM", UMBRELLA_LEAD_EMAIL);
        }
    }

    boolean finished() {
        return activityCreated && leadAccepted && initechLeadAccepted && umbrellaLeadAccepted;
    }

    private void createActivity() {
        vendor.createLead(lead("Dana", "Reyes", ACCEPTED_LEAD_EMAIL, "Contoso GmbH", "https://www.contoso.example", "DE", "BY", "80331"));
        vendor.createLead(lead("Jonas", "Weber", "jonas.weber@fabrikam.example", "Fabrikam AG", "https://fabrikam.example", "AT", null, "1010"));
        vendor.createLead(lead("Camille", "Martin", "camille.martin@lucerne.example", "Lucerne Publishing", "https://lucerne.example", "FR", null, "69002"));
        vendor.createLead(lead("Hugo", "Lambert", "hugo.lambert@northwind.example", "Northwind Traders", "https://northwind.example", "BE", null, "1000"));
        vendor.createLead(lead("Sanne", "de Vries", INITECH_LEAD_EMAIL, "Wingtip Toys BV", "https://wingtip.example", "NL", null, "1012"));
        vendor.createLead(lead("Giulia", "Rossi", UMBRELLA_LEAD_EMAIL, "Alpine Ski House", "https://alpineski.example", "IT", null, "20121"));
        // the channel manager closes the registered Acme deal won: PartnerSync calculates its rebate and SPIFF
        vendor.closeWon(wonOpportunity);
        // the reps register deals in their own CRMs
        acme.registerDeal(deal("Contoso GmbH: perimeter firewalls", "40000", "Firewall", "Contoso GmbH", "www.contoso.example"));
        globex.registerDeal(deal("Fabrikam AG: SD-WAN rollout", "20000", "SD-WAN", "Fabrikam AG", "fabrikam.example"));
        badDeal = globex.registerDeal(deal(BAD_DEAL_NAME, "12k", "Firewall", "Northwind Traders", "northwind.example"));
        initech.registerDeal(deal("Wingtip Toys BV: branch firewalls", "18000", "Firewall", "Wingtip Toys BV", "wingtip.example"));
        umbrella.registerDeal(deal("Alpine Ski House: resort firewalls", "15000", "Firewall", "Alpine Ski House", "alpineski.example"));
        log.info("Sandbox: 6 leads put up for distribution, an Acme deal closed won in the vendor's CRM, 5 deals registered in the partners' CRMs"
                + " (Globex's deal {} has the amount '12k')", badDeal);
    }

    private static VendorCrm.Lead lead(String first, String last, String email, String company, String website, String country, String state,
                                       String postalCode) {
        return new VendorCrm.Lead(first, last, email, company, website, country, state, postalCode, "Firewall");
    }

    private PartnerCrm.Deal deal(String name, String amount, String product, String customer, String domain) {
        return new PartnerCrm.Deal(name, amount, "EUR", today.plusMonths(3), product, customer, domain);
    }
}
