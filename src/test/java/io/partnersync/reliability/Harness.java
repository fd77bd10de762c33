package io.partnersync.reliability;

import io.partnersync.sandbox.simulator.DataverseSimulator;
import io.partnersync.sandbox.simulator.PartnerSetUps;
import io.partnersync.sandbox.simulator.SalesforceSimulator;
import io.partnersync.sandbox.simulator.HubSpotSimulator;
import io.partnersync.sandbox.simulator.Simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One scenario run: a fresh database on the shared PostgreSQL, a fresh Salesforce org with the two
 * partner Accounts (and customer Accounts the partner filter must leave out), two fresh portals,
 * the users, and the service processes started against them. {@link #converge} waits until
 * nothing is missing or stale and the outbox is drained, then counts.
 */
final class Harness implements AutoCloseable {

    static final Path OUT = Path.of("target", "reliability");
    /** The admin API token every instance accepts (Authorization: Bearer). */
    static final String API_TOKEN = "reliability-admin-token";

    final String scenario;
    final SharedDatabase store;
    final SalesforceSimulator salesforce;
    final Map<String, HubSpotSimulator> portals = new LinkedHashMap<>();
    /** The partners whose CRM is their own Salesforce org, by partner key. */
    final Map<String, SalesforceSimulator> partnerOrgs = new LinkedHashMap<>();
    /** The partners whose CRM is Dynamics 365, by partner key. */
    final Map<String, DataverseSimulator> environments = new LinkedHashMap<>();
    final Ledger ledger = new Ledger();
    final Users users;
    final List<ServiceProcess> running = new ArrayList<>();
    private final StringBuilder report = new StringBuilder();
    private final List<Map.Entry<Instant, String>> events = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<ServiceProcess, Integer> numbers = new java.util.IdentityHashMap<>();
    private int started;

    /** Partner key to its Salesforce Account Id. */
    final Map<String, String> partnerAccounts;
    private final boolean payouts;

    Harness(String scenario) {
        this(scenario, false);
    }

    /** @param payouts the connectors also sync payouts, and the incentive rules pay a rebate (gold 3.5 %, silver 1 %) */
    Harness(String scenario, boolean payouts) {
        this.payouts = payouts;
        this.scenario = scenario;
        Duration lag = Settings.duration("reliability.visibility-lag", "PT1S");
        Duration slow = Settings.duration("reliability.faults.slow", "PT31S");
        this.store = SharedDatabase.create(scenario);
        this.salesforce = new SalesforceSimulator(0, lag, slow);
        long firstId = 40_000_000_000L;
        for (String partner : Users.PARTNERS) {
            if (Users.onSalesforce(partner)) {
                partnerOrgs.put(partner, PartnerSetUps.salesforcePartnerOrg(new SalesforceSimulator(0, lag, slow)));
            } else if (Users.onDynamics(partner)) {
                environments.put(partner, PartnerSetUps.dynamics(new DataverseSimulator(0, lag, slow)));
            } else {
                portals.put(partner, new HubSpotSimulator(partner, 0, firstId, lag, slow));
                firstId += 1_000_000_000L;
            }
        }
        Map<String, String> accounts = new LinkedHashMap<>();
        accounts.put("acme", partnerAccount("acme", "Acme", "Gold"));
        accounts.put("globex", partnerAccount("globex", "Globex", "Silver"));
        accounts.put("initech", partnerAccount("initech", "Initech", "Silver"));
        accounts.put("umbrella", partnerAccount("umbrella", "Umbrella", "Silver"));
        for (int i = 0; i < 5; i++) {
            salesforce.create("Account", Map.of("Name", "Customer " + i + " Ltd", "IsPartner", false, "Website", "https://customer" + i + ".example"));
        }
        this.partnerAccounts = Map.copyOf(accounts);
        this.users = new Users(salesforce, portals, partnerOrgs, environments, accounts, ledger, Settings.number("reliability.seed", 9));
    }

    private String partnerAccount(String key, String name, String tier) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Name", name);
        fields.put("IsPartner", true);
        fields.put("PartnerSync_Key__c", key);
        fields.put("Partner_Tier__c", tier);
        fields.put("Partner_Status__c", "Active");
        fields.put("Partner_Territories__c", "EMEA;DACH");
        fields.put("Partner_Specializations__c", "Security");
        fields.put("Lead_Capacity__c", 100_000);
        return salesforce.create("Account", fields);
    }

    /** Starts one more service process and waits until it serves. */
    ServiceProcess start() {
        int number = ++started;
        events.add(Map.entry(Instant.now(), "instance " + number + " starting (" + scenario + "-" + number + ".log)"));
        ServiceProcess process = ServiceProcess.start(arguments(), environment(), OUT.resolve(scenario + "-" + number + ".log"))
                .awaitStarted(Duration.ofMinutes(3));
        events.add(Map.entry(Instant.now(), "instance " + number + " serving"));
        numbers.put(process, number);
        running.add(process);
        return process;
    }

    /** kill -9 of a running instance. */
    void kill(ServiceProcess process) {
        process.kill();
        events.add(Map.entry(Instant.now(), "instance " + numbers.get(process) + " killed -9"));
        running.remove(process);
    }

    /** Starts and kills of the service's instances, in order. */
    List<Map.Entry<Instant, String>> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    void faults(double share) {
        salesforce.faults().inject(share);
        portals.values().forEach(p -> p.faults().inject(share));
        partnerOrgs.values().forEach(o -> o.faults().inject(share));
        environments.values().forEach(e -> e.faults().inject(share));
    }

    /** Connectors as a new user would configure them, with short intervals; secrets in the environment. */
    private Map<String, String> arguments() {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("spring.datasource.url", store.jdbcUrl());
        args.put("spring.datasource.username", "postgres");
        args.put("spring.datasource.password", "postgres");
        args.put("partnersync.routes-dir", Path.of("routes").toAbsolutePath().toString());
        args.put("partnersync.mappings-dir", Path.of("mappings").toAbsolutePath().toString());
        args.put("partnersync.poll.period", "1000");
        args.put("partnersync.poll.initial-delay", "1000");
        // the admin API for the scenarios that add partners' connections at runtime
        args.put("partnersync.security.tokens[0].name", "reliability");
        args.put("partnersync.security.tokens[0].env", "RELIABILITY_API_TOKEN");
        args.put("partnersync.security.tokens[0].role", "admin");
        args.put("partnersync.relay.period", "1000");
        args.put("partnersync.relay.initial-delay", "1000");
        // any other setting of the service, for a run that compares (-Dservice.partnersync.connector-threads=16)
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("service."))
                .forEach(k -> args.put(k.substring("service.".length()), System.getProperty(k)));
        String poll = Settings.text("reliability.poll-interval", "PT2S");
        String c = "partnersync.connectors[0].";
        args.put(c + "name", "vendor-sf");
        args.put(c + "type", "salesforce");
        args.put(c + "role", "vendor");
        args.put(c + "base-url", salesforce.url());
        args.put(c + "local-sandbox", "true");
        args.put(c + "entities", payouts ? "partner,lead,deal,payout" : "partner,lead,deal");
        if (payouts) {
            args.put("partnersync.payouts.rebate-percent.gold.default", "3.5");
            args.put("partnersync.payouts.rebate-percent.silver.default", "1");
        }
        args.put(c + "poll-interval", poll);
        args.put(c + "secret-env.client-id", "RELIABILITY_SF_CLIENT_ID");
        args.put(c + "secret-env.client-secret", "RELIABILITY_SF_CLIENT_SECRET");
        args.put(c + "salesforce.where.partner", "IsPartner = true");
        // below it, a relay run's Salesforce writes go through Bulk API 2.0 jobs instead of sObject Collections
        args.put(c + "salesforce.bulk-threshold", Settings.text("reliability.bulk-threshold", "2000"));
        int index = 1;
        for (Map.Entry<String, HubSpotSimulator> portal : portals.entrySet()) {
            c = "partnersync.connectors[" + index++ + "].";
            String partner = portal.getKey();
            args.put(c + "name", partner + "-hubspot");
            args.put(c + "type", "hubspot");
            args.put(c + "role", "partner");
            args.put(c + "partner", partner);
            args.put(c + "base-url", portal.getValue().url());
            args.put(c + "local-sandbox", "true");
            args.put(c + "entities", payouts ? "lead,deal,payout" : "lead,deal");
            args.put(c + "poll-interval", poll);
            args.put(c + "secret-env.token", partner.toUpperCase() + "_HUBSPOT_TOKEN");
            args.put(c + "secret-env.client-secret", partner.toUpperCase() + "_HUBSPOT_CLIENT_SECRET");
        }
        for (Map.Entry<String, SalesforceSimulator> org : partnerOrgs.entrySet()) {
            c = "partnersync.connectors[" + index++ + "].";
            String partner = org.getKey();
            args.put(c + "name", Users.CONNECTORS.get(partner));
            args.put(c + "type", "salesforce");
            args.put(c + "role", "partner");
            args.put(c + "partner", partner);
            args.put(c + "base-url", org.getValue().url());
            args.put(c + "local-sandbox", "true");
            args.put(c + "entities", payouts ? "lead,deal,payout" : "lead,deal");
            args.put(c + "poll-interval", poll);
            args.put(c + "secret-env.client-id", partner.toUpperCase() + "_SF_CLIENT_ID");
            args.put(c + "secret-env.client-secret", partner.toUpperCase() + "_SF_CLIENT_SECRET");
            // as a partner's admin connects an org (an invitation, the web server flow): a refresh token, one login shared by all instances
            args.put(c + "salesforce.auth", "refresh-token");
            args.put(c + "secret-env.refresh-token", partner.toUpperCase() + "_SF_REFRESH_TOKEN");
            // only the leads PartnerSync placed there are read back
            args.put(c + "salesforce.where.lead", "PartnerSync_Id__c != null");
            args.put(c + "salesforce.bulk-threshold", Settings.text("reliability.bulk-threshold", "2000"));
        }
        for (Map.Entry<String, DataverseSimulator> environment : environments.entrySet()) {
            c = "partnersync.connectors[" + index++ + "].";
            String partner = environment.getKey();
            args.put(c + "name", Users.CONNECTORS.get(partner));
            args.put(c + "type", "dynamics");
            args.put(c + "role", "partner");
            args.put(c + "partner", partner);
            args.put(c + "base-url", environment.getValue().url());
            args.put(c + "local-sandbox", "true");
            args.put(c + "entities", payouts ? "lead,deal,payout" : "lead,deal");
            args.put(c + "poll-interval", poll);
            args.put(c + "secret-env.client-id", partner.toUpperCase() + "_D365_CLIENT_ID");
            args.put(c + "secret-env.client-secret", partner.toUpperCase() + "_D365_CLIENT_SECRET");
            args.put(c + "dynamics.tenant", "tenant-" + partner);
        }
        return args;
    }

    private Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("RELIABILITY_SF_CLIENT_ID", "3MVG9-reliability");
        env.put("RELIABILITY_SF_CLIENT_SECRET", "secret-of-reliability");
        env.put("RELIABILITY_API_TOKEN", API_TOKEN);
        env.put("PARTNERSYNC_SECRET_KEY", "cmVsaWFiaWxpdHktc2VjcmV0LWtleS0zMi1ieXRlcyE=");
        for (String partner : portals.keySet()) {
            env.put(partner.toUpperCase() + "_HUBSPOT_TOKEN", "pat-reliability-" + partner);
            env.put(partner.toUpperCase() + "_HUBSPOT_CLIENT_SECRET", "app-secret-" + partner);
        }
        for (String partner : partnerOrgs.keySet()) {
            env.put(partner.toUpperCase() + "_SF_CLIENT_ID", "3MVG9-reliability-" + partner);
            env.put(partner.toUpperCase() + "_SF_CLIENT_SECRET", "secret-of-" + partner);
            env.put(partner.toUpperCase() + "_SF_REFRESH_TOKEN", "5Aep-refresh-of-" + partner);
        }
        for (String partner : environments.keySet()) {
            env.put(partner.toUpperCase() + "_D365_CLIENT_ID", "app-reliability-" + partner);
            env.put(partner.toUpperCase() + "_D365_CLIENT_SECRET", "secret-of-" + partner);
        }
        return env;
    }

    /**
     * Waits until nothing is missing or stale anywhere and no outbox entry is pending, twice in a
     * row 5 s apart (or the timeout passes), then counts once more after a settle period so late
     * duplicates show.
     */
    List<Census.Figures> converge(Duration timeout) {
        Instant start = Instant.now();
        Instant until = start.plus(timeout);
        int quiet = 0;
        List<Census.Figures> figures = census();
        while (Instant.now().isBefore(until) && quiet < 2) {
            ServiceProcess.pause(Duration.ofSeconds(5));
            figures = census();
            boolean done = figures.stream().allMatch(f -> f.missing() == 0 && f.stale() == 0) && pendingOutbox() == 0;
            quiet = done ? quiet + 1 : 0;
        }
        line("convergence: " + (quiet >= 2 ? "reached" : "NOT reached") + " after " + Duration.between(start, Instant.now()).toSeconds() + " s (timeout "
                + timeout.toSeconds() + " s)");
        ServiceProcess.pause(Settings.duration("reliability.settle", "PT15S"));
        return census();
    }

    List<Census.Figures> census() {
        return Census.count(ledger, Census.observe(store, salesforce, portals, partnerOrgs, environments));
    }

    /**
     * Whether the store holds a row for every record the users made and nothing waits in the outbox:
     * two counts, cheap enough to ask every second, where a {@link #census()} reads every system in full.
     */
    boolean mayBeSynced() {
        return pendingOutbox() == 0
                && store.count("select (select count(*) from deal where archived_at is null) + (select count(*) from lead where archived_at is null)")
                >= ledger.size();
    }

    long pendingOutbox() {
        return store.count("select count(*) from outbox where status = 'PENDING'");
    }

    /** Everything a run reports beside the census: calls per fake, record writes, the store's own bookkeeping. */
    void figures(List<Census.Figures> census) {
        line("records created by users: " + ledger.size());
        census.forEach(f -> line(f.toString()));
        try {
            new Diagnosis(this, this::line).explain(census);
        } catch (RuntimeException e) {
            line("diagnostics failed: " + e);
        }
        line("calls vendor-sf: " + salesforce.calls() + "; faults " + salesforce.faults().counts());
        line("record writes vendor-sf: " + salesforce.recordWrites());
        portals.forEach((partner, portal) -> {
            line("calls " + partner + "-hubspot: " + portal.calls() + "; faults " + portal.faults().counts() + "; 429 by portal limits " + portal.limited());
            line("record writes " + partner + "-hubspot: " + portal.recordWrites());
        });
        partnerOrgs.forEach((partner, org) -> {
            line("calls " + Users.CONNECTORS.get(partner) + ": " + org.calls() + "; faults " + org.faults().counts());
            line("record writes " + Users.CONNECTORS.get(partner) + ": " + org.recordWrites());
        });
        environments.forEach((partner, environment) -> {
            line("calls " + Users.CONNECTORS.get(partner) + ": " + environment.calls() + "; faults " + environment.faults().counts() + "; 429 by service protection "
                    + environment.limited());
            line("record writes " + Users.CONNECTORS.get(partner) + ": " + environment.recordWrites());
        });
        line("store: partners " + store.count("select count(*) from partner") + " (expected " + partnerAccounts.size() + "), outbox "
                + store.rows("select status, count(*) from outbox group by status") + ", open failures "
                + store.rows("select connector, direction, category, count(*) from sync_failure where resolved_at is null group by 1, 2, 3"));
        // each record the store kept as an internal failure, with what the store knows of it: the
        // failures a user would have to look into, named so a run's log is enough to find why
        for (Map<String, Object> failure : store.rows("""
                select f.connector, f.entity_type, f.external_id, f.reason, f.first_seen_at, f.payload,
                       (select string_agg(r.entity_id || ' written ' || coalesce(r.last_written_at::text, '-') || ' seen ' || coalesce(r.source_modified_at::text, '-'), '; ')
                          from external_ref r where r.connector = f.connector and r.entity_type = f.entity_type and r.external_id = f.external_id) as linked
                  from sync_failure f where f.resolved_at is null and f.category = 'INTERNAL' order by f.id limit 5""")) {
            line("internal failure " + failure.get("connector") + " " + failure.get("entity_type") + " " + failure.get("external_id") + " (first "
                    + failure.get("first_seen_at") + "): " + failure.get("reason") + "; linked to " + failure.get("linked") + "; payload " + failure.get("payload"));
        }
        line("values a real CRM would refuse: Opportunities with Registration_Status__c NONE "
                + salesforce.all("Opportunity").stream().filter(r -> "NONE".equalsIgnoreCase(String.valueOf(r.get("Registration_Status__c")))).count()
                + ", portal deals with partnersync_registration_status NONE " + portals.values().stream().mapToLong(p -> p.all("deals").values().stream()
                .filter(d -> "NONE".equalsIgnoreCase(String.valueOf(d.get("partnersync_registration_status")))).count()).sum()
                + ", partner org Opportunities with PartnerSync_Registration_Status__c NONE " + partnerOrgs.values().stream().mapToLong(o -> o.all("Opportunity")
                .stream().filter(d -> "NONE".equalsIgnoreCase(String.valueOf(d.get("PartnerSync_Registration_Status__c")))).count()).sum());
    }

    /**
     * Each CRM's calls against the fewest its APIs allow for what it holds and received: every object
     * read once in pages of the largest size (Salesforce 2,000, HubSpot's search 200, Dataverse 5,000),
     * every record written once in batches of the largest size (sObject Collections 200 or one Bulk API
     * 2.0 job above 2,000, HubSpot batch upsert 100, UpsertMultiple 1,000), one sign-in. Edits, deletions, retries and polls that find
     * nothing all count above it, so the ratio is an upper bound of the waste; it means something for a
     * backfill ({@link BackfillBenchmark}), not for a run of minutes of polls.
     */
    List<String> callsAgainstMinimum() {
        List<String> lines = new ArrayList<>();
        lines.add(againstMinimum("vendor-sf", salesforce.totalCalls(), 1 + pages(salesforce.all("Account").size(), 2000)
                + pages(salesforce.all("Lead").size(), 2000) + pages(salesforce.all("Opportunity").size(), 2000) + salesforceWrites(salesforce.recordWrites())));
        portals.forEach((partner, portal) -> lines.add(againstMinimum(partner + "-hubspot", portal.totalCalls(),
                pages(portal.all("deals").size(), 200) + pages(portal.all("contacts").size(), 200) + batches(portal.recordWrites(), 100))));
        partnerOrgs.forEach((partner, org) -> lines.add(againstMinimum(Users.CONNECTORS.get(partner), org.totalCalls(), 1
                + pages(org.all("Lead").size(), 2000) + pages(org.all("Opportunity").size(), 2000) + pages(org.all("PartnerSync_Payout__c").size(), 2000)
                + salesforceWrites(org.recordWrites()))));
        environments.forEach((partner, environment) -> lines.add(againstMinimum(Users.CONNECTORS.get(partner), environment.totalCalls(), 1
                + pages(environment.all("leads").size(), 5000) + pages(environment.all("opportunities").size(), 5000)
                + pages(environment.all("partnersync_payouts").size(), 5000) + batches(environment.recordWrites(), 1000))));
        return lines;
    }

    private static String againstMinimum(String crm, long calls, long minimum) {
        return String.format(Locale.ROOT, "%s %d calls, minimum %d (%.2f×)", crm, calls, minimum, (double) calls / Math.max(1, minimum));
    }

    private static long pages(int rows, int pageSize) {
        return Math.max(1, (rows + pageSize - 1) / pageSize);
    }

    /** Per object: a Bulk API 2.0 job above 2,000 records (create, upload, close, status, successful and failed results), else collections of 200. */
    private static long salesforceWrites(Map<String, Long> writes) {
        return writes.values().stream().mapToLong(n -> n > 2000 ? 6 : (n + 199) / 200).sum();
    }

    private static long batches(Map<String, Long> writes, int batchSize) {
        return writes.values().stream().mapToLong(n -> (n + batchSize - 1) / batchSize).sum();
    }

    /** Record writes received by all fakes for deals and leads (not companies or associations), per record the users created. */
    double writesPerRecord() {
        return ledger.size() == 0 ? 0 : (double) recordWrites() / ledger.size();
    }

    /** Records of deals and leads written into the fakes (creates and updates; not companies or associations). */
    long recordWrites() {
        return salesforce.recordWrites().entrySet().stream().filter(e -> !e.getKey().equals("Account")).mapToLong(Map.Entry::getValue).sum()
                + portals.values().stream().mapToLong(p -> p.recordWrites().getOrDefault("deals", 0L) + p.recordWrites().getOrDefault("contacts", 0L)).sum()
                + partnerOrgs.values().stream().mapToLong(o -> o.recordWrites().getOrDefault("Opportunity", 0L) + o.recordWrites().getOrDefault("Lead", 0L)).sum()
                + environments.values().stream().mapToLong(e -> e.recordWrites().getOrDefault("opportunities", 0L) + e.recordWrites().getOrDefault("leads", 0L)).sum();
    }

    long totalCalls() {
        return salesforce.totalCalls() + portals.values().stream().mapToLong(Simulator::totalCalls).sum()
                + partnerOrgs.values().stream().mapToLong(Simulator::totalCalls).sum() + environments.values().stream().mapToLong(Simulator::totalCalls).sum();
    }

    /** Fails naming every system and entity where something is missing, duplicated, stale or misrouted. */
    static void assertClean(List<Census.Figures> figures) {
        org.assertj.core.api.Assertions.assertThat(figures.stream().filter(f -> !f.clean()).map(Census.Figures::toString).toList())
                .as("systems with missing, duplicated, stale or misrouted records").isEmpty();
    }

    /** A one-line progress figure: what the store and the CRMs hold now. */
    /** Where a run is, from counts only (cheap enough for every few seconds): the store, the outbox, open failures, calls. */
    String counts() {
        return "store " + store.count("select (select count(*) from deal where archived_at is null) + (select count(*) from lead where archived_at is null)")
                + " of " + ledger.size() + ", outbox pending " + pendingOutbox() + ", open failures " + store.count("select count(*) from sync_failure where resolved_at is null")
                + ", calls " + totalCalls();
    }

    String progress() {
        List<Census.Figures> figures = census();
        long missing = figures.stream().mapToLong(Census.Figures::missing).sum();
        long duplicated = figures.stream().mapToLong(Census.Figures::duplicated).sum();
        long stale = figures.stream().mapToLong(Census.Figures::stale).sum();
        return "records " + ledger.size() + ", missing " + missing + ", duplicated " + duplicated + ", stale " + stale + ", outbox pending " + pendingOutbox()
                + ", calls " + totalCalls();
    }

    void line(String text) {
        System.out.println("[" + scenario + "] " + text);
        report.append(text).append('\n');
    }

    /** Writes what was reported to target/reliability/<scenario>.txt. */
    void writeReport() {
        try {
            Files.createDirectories(OUT);
            Files.writeString(OUT.resolve(scenario + ".txt"), report.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        running.forEach(ServiceProcess::stop);
        running.clear();
        salesforce.close();
        portals.values().forEach(Simulator::close);
        partnerOrgs.values().forEach(Simulator::close);
        environments.values().forEach(Simulator::close);
        writeReport();
    }
}
