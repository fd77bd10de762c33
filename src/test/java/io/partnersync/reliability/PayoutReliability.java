package io.partnersync.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Payouts through kill -9: channel managers close partner deals won in Salesforce, registrations
 * approved, while the service is killed mid-sync round after round; then one last start. Every deal
 * must have exactly one rebate, of the exact amount, in the store, in Salesforce and in its own
 * partner's portal only. {@code -Dreliability.payout.deals} (default 1,000), {@code -Dreliability.payout.rounds} (5).
 */
@DisplayName("payouts through kill -9")
class PayoutReliability {

    @Test
    @DisplayName("each closed-won deal: one rebate of the exact amount in the store, Salesforce and its partner's portal only, through kills")
    void oncePerDealThroughKills() throws Exception {
        int deals = Settings.records("reliability.payout.deals", 1000);
        int rounds = (int) Settings.number("reliability.payout.rounds", 5);
        Random random = new Random(Settings.number("reliability.seed", 9));
        Map<String, String> partnerOf = new LinkedHashMap<>(); // opportunity id → partner key
        Map<String, BigDecimal> amountOf = new HashMap<>();
        try (Harness run = new Harness("payouts", true)) {
            run.line("payouts: " + deals + " deals closed won in Salesforce, " + rounds + " rounds of kill -9");
            for (int round = 1; round <= rounds; round++) {
                int batch = deals / rounds + (round == rounds ? deals % rounds : 0);
                closeWon(run, batch / 2, random, partnerOf, amountOf);
                ServiceProcess service = run.start();
                closeWon(run, batch - batch / 2, random, partnerOf, amountOf);
                Duration runFor = Duration.ofMillis(500 + random.nextInt(5_000)); // often mid-poll or mid-relay
                ServiceProcess.pause(runFor);
                run.kill(service);
                run.line("round " + round + ": killed " + runFor.toMillis() + " ms after start; payouts in the store " + storePayouts(run));
            }
            run.start();
            Instant until = Instant.now().plus(Settings.duration("reliability.convergence", "PT10M"));
            while (Instant.now().isBefore(until) && !(storePayouts(run) >= deals && run.pendingOutbox() == 0
                    && run.salesforce.all("Partner_Payout__c").size() >= deals)) {
                ServiceProcess.pause(Duration.ofSeconds(5));
            }
            ServiceProcess.pause(Settings.duration("reliability.settle", "PT15S"));

            Map<String, Integer> problems = new LinkedHashMap<>();
            // the store: one rebate per deal, of 3.5 % (gold acme) or 1 % (silver globex) of its amount, rounded half-even
            Map<String, List<Map<String, Object>>> byDeal = new HashMap<>();
            for (Map<String, Object> row : run.store.rows("select r.external_id as opportunity, p.id::text as id, p.amount, pt.key as partner"
                    + " from payout p join external_ref r on r.entity_id = p.deal_id and r.connector = 'vendor-sf' and r.entity_type = 'DEAL'"
                    + " join partner pt on pt.id = p.partner_id where p.rule = 'payout.rebate'")) {
                byDeal.computeIfAbsent(String.valueOf(row.get("opportunity")), k -> new ArrayList<>()).add(row);
            }
            Map<String, String> payoutOf = new HashMap<>(); // opportunity → payout id
            for (var deal : partnerOf.entrySet()) {
                List<Map<String, Object>> lines = byDeal.getOrDefault(deal.getKey(), List.of());
                count(problems, "store missing", lines.isEmpty());
                count(problems, "store duplicated", lines.size() > 1);
                if (lines.isEmpty()) {
                    continue;
                }
                Map<String, Object> line = lines.get(0);
                payoutOf.put(deal.getKey(), String.valueOf(line.get("id")));
                count(problems, "store wrong partner", !deal.getValue().equals(line.get("partner")));
                count(problems, "store wrong amount", new BigDecimal(String.valueOf(line.get("amount"))).compareTo(expected(deal.getValue(), amountOf.get(deal.getKey()))) != 0);
            }
            // Salesforce: one Partner_Payout__c per payout, with the same amount
            Map<String, List<Map<String, Object>>> inSalesforce = new HashMap<>();
            run.salesforce.all("Partner_Payout__c").forEach(r -> inSalesforce.computeIfAbsent(String.valueOf(r.get("PartnerSync_Id__c")), k -> new ArrayList<>()).add(r));
            for (var deal : payoutOf.entrySet()) {
                List<Map<String, Object>> copies = inSalesforce.getOrDefault(deal.getValue(), List.of());
                count(problems, "vendor-sf missing", copies.isEmpty());
                count(problems, "vendor-sf duplicated", copies.size() > 1);
                count(problems, "vendor-sf wrong amount", !copies.isEmpty() && new BigDecimal(String.valueOf(copies.get(0).get("Amount__c")))
                        .compareTo(expected(partnerOf.get(deal.getKey()), amountOf.get(deal.getKey()))) != 0);
            }
            count(problems, "vendor-sf unknown", inSalesforce.size() > payoutOf.size());
            // each portal: its own partner's payouts, once each, and no other partner's
            for (var portal : run.portals.entrySet()) {
                Map<String, Integer> copies = new HashMap<>();
                portal.getValue().all("partnersync_payouts").values().forEach(o -> copies.merge(o.get("partnersync_id"), 1, Integer::sum));
                for (var deal : payoutOf.entrySet()) {
                    boolean own = portal.getKey().equals(partnerOf.get(deal.getKey()));
                    int n = copies.getOrDefault(deal.getValue(), 0);
                    count(problems, portal.getKey() + "-hubspot missing", own && n == 0);
                    count(problems, portal.getKey() + "-hubspot duplicated", n > 1);
                    count(problems, portal.getKey() + "-hubspot misrouted", !own && n > 0);
                }
            }
            // each partner's own Salesforce org: its own partner's payouts (PartnerSync_Payout__c), once each, and no other partner's
            for (var org : run.partnerOrgs.entrySet()) {
                String connector = Users.CONNECTORS.get(org.getKey());
                Map<String, Integer> copies = new HashMap<>();
                org.getValue().all("PartnerSync_Payout__c").forEach(o -> copies.merge(String.valueOf(o.get("PartnerSync_Id__c")), 1, Integer::sum));
                for (var deal : payoutOf.entrySet()) {
                    boolean own = org.getKey().equals(partnerOf.get(deal.getKey()));
                    int n = copies.getOrDefault(deal.getValue(), 0);
                    count(problems, connector + " missing", own && n == 0);
                    count(problems, connector + " duplicated", n > 1);
                    count(problems, connector + " misrouted", !own && n > 0);
                }
            }
            // each partner's Dynamics 365 environment: its own partner's payouts (partnersync_payouts), once each, and no other partner's
            for (var environment : run.environments.entrySet()) {
                String connector = Users.CONNECTORS.get(environment.getKey());
                Map<String, Integer> copies = new HashMap<>();
                environment.getValue().all("partnersync_payouts").forEach(o -> copies.merge(String.valueOf(o.get("partnersync_id")), 1, Integer::sum));
                for (var deal : payoutOf.entrySet()) {
                    boolean own = environment.getKey().equals(partnerOf.get(deal.getKey()));
                    int n = copies.getOrDefault(deal.getValue(), 0);
                    count(problems, connector + " missing", own && n == 0);
                    count(problems, connector + " duplicated", n > 1);
                    count(problems, connector + " misrouted", !own && n > 0);
                }
            }
            run.line("deals closed won: " + partnerOf.size() + "; rebates in the store: " + storePayouts(run) + "; Partner_Payout__c: "
                    + run.salesforce.all("Partner_Payout__c").size() + "; portal payouts: " + run.portals.entrySet().stream()
                    .map(p -> p.getKey() + " " + p.getValue().all("partnersync_payouts").size()).toList() + "; partner org payouts: "
                    + run.partnerOrgs.entrySet().stream().map(o -> o.getKey() + " " + o.getValue().all("PartnerSync_Payout__c").size()).toList()
                    + "; Dynamics payouts: " + run.environments.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().all("partnersync_payouts").size()).toList());
            run.line("problems: " + problems);
            run.line("calls vendor-sf: " + run.salesforce.calls());
            assertThat(partnerOf).hasSize(deals);
            assertThat(problems).as(problems.toString()).allSatisfy((kind, n) -> assertThat(n).as(kind).isZero());
        }
    }

    private static BigDecimal expected(String partner, BigDecimal amount) {
        return amount.multiply(new BigDecimal(partner.equals("acme") ? "3.5" : "1")).movePointLeft(2).setScale(2, RoundingMode.HALF_EVEN);
    }

    private static void count(Map<String, Integer> problems, String kind, boolean happened) {
        problems.merge(kind, happened ? 1 : 0, Integer::sum);
    }

    private static long storePayouts(Harness run) {
        return run.store.count("select count(*) from payout where rule = 'payout.rebate'");
    }

    /** A channel manager closes {@code count} partner deals won, registration approved; amounts with cents, so rounding shows. */
    private static void closeWon(Harness run, int count, Random random, Map<String, String> partnerOf, Map<String, BigDecimal> amountOf) {
        for (int i = 0; i < count; i++) {
            String partner = Users.PARTNERS.get(random.nextInt(Users.PARTNERS.size()));
            BigDecimal amount = BigDecimal.valueOf(1000 + random.nextInt(200_000_00) / 100.0).setScale(2, RoundingMode.HALF_EVEN);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("Name", "Won " + partner + " " + partnerOf.size());
            fields.put("PartnerAccountId", run.partnerAccounts.get(partner));
            fields.put("Account", Map.of("attributes", Map.of("type", "Account"), "Name", "Customer " + partnerOf.size() + " Ltd",
                    "Website", "https://www.customer" + partnerOf.size() + ".example"));
            fields.put("Product_Line__c", "Firewall");
            fields.put("Amount", amount);
            fields.put("CurrencyIsoCode", "EUR");
            fields.put("CloseDate", "2026-11-30");
            fields.put("StageName", "Closed Won");
            fields.put("Registration_Status__c", "Approved");
            String id = run.salesforce.create("Opportunity", fields);
            partnerOf.put(id, partner);
            amountOf.put(id, amount);
        }
    }
}
