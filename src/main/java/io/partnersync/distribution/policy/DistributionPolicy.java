package io.partnersync.distribution.policy;

import io.partnersync.canonical.Partner.PartnerStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Picks the one partner a lead goes to, or none. Eligible: active, covering the lead's territory,
 * specialized in its product (when the program asks for it), of a tier that receives leads, below
 * its capacity of open leads, and not one that already had this lead. Among the eligible, a
 * weighted fair choice: the partner whose share of leads so far lies furthest below its weight
 * (smallest {@code (assigned + 1) / weight}), ties broken by partner key. Deterministic for a given
 * state, and fair over time: with weights 3:2:1 the shares converge to 50/33/17 %. Pure.
 */
public final class DistributionPolicy {

    private final DistributionRules rules;

    public DistributionPolicy(DistributionRules rules) {
        this.rules = rules;
    }

    public DistributionRules rules() {
        return rules;
    }

    /**
     * @param excluded partners that already had this lead (rejected, let it expire, or lost it to a recall)
     * @param assignmentsSoFar how many times this lead has been given to a partner
     */
    public Choice choose(LeadFacts lead, List<Candidate> partners, Set<UUID> excluded, int assignmentsSoFar) {
        if (assignmentsSoFar >= rules.maxAssignments()) {
            return new Choice.Keep(DistributionRuleIds.MAX_ASSIGNMENTS, "Back in the vendor's queue: " + assignmentsSoFar
                    + (assignmentsSoFar == 1 ? " partner" : " partners") + " had this lead without accepting it.");
        }
        String where = where(lead);
        List<Candidate> left = new ArrayList<>(partners);
        // each reason names the rule that left no partner: territory, status, specialization, tier, history, capacity
        String why = narrow(left, c -> covers(c, lead), blank(lead.country()) ? "the lead has no country, so no partner's territory includes it"
                : "no partner's territory includes " + where);
        if (why == null) {
            why = narrow(left, c -> c.status() == PartnerStatus.ACTIVE, "no partner whose territory includes " + where + " is active");
        }
        if (why == null && rules.requireSpecialization() && !blank(lead.productInterest())) {
            why = narrow(left, c -> specialized(c, lead.productInterest()),
                    "no partner whose territory includes " + where + " is specialized in " + lead.productInterest().strip());
        }
        if (why == null && !rules.tiers().isEmpty()) {
            why = narrow(left, c -> c.tier() != null && rules.tiers().contains(c.tier()),
                    "no partner whose territory includes " + where + " is of a tier that receives leads");
        }
        if (why == null) {
            why = narrow(left, c -> !excluded.contains(c.id()), "every eligible partner has already had this lead");
        }
        if (why == null) {
            why = narrow(left, this::hasRoom, "every eligible partner is at capacity");
        }
        if (why != null) {
            return new Choice.Keep(DistributionRuleIds.NO_ELIGIBLE_PARTNER, "Kept by the vendor: " + why + ".");
        }
        Candidate chosen = left.stream().min(Comparator.comparingDouble(this::served).thenComparing(Candidate::key)).orElseThrow();
        return new Choice.Assign(chosen, DistributionRuleIds.ASSIGNED, "Assigned to " + chosen.name() + ": its territory includes " + where
                + (blank(lead.productInterest()) ? "" : " for " + lead.productInterest().strip()) + ", " + chosen.openLeads()
                + " open leads before this one.");
    }

    /** Keeps in {@code left} the candidates that pass; returns {@code why} when none does. */
    private static String narrow(List<Candidate> left, Predicate<Candidate> test, String why) {
        left.removeIf(test.negate());
        return left.isEmpty() ? why : null;
    }

    /** How far a partner is served against its weight: lower is further behind, chosen first. */
    private double served(Candidate c) {
        double weight = rules.weight(c.tier());
        if (rules.acceptanceWeight() > 0 && c.assigned() > 0) {
            double rate = Math.min(1, (double) c.accepted() / c.assigned());
            weight *= 1 - rules.acceptanceWeight() * (1 - rate);
        }
        return (c.assigned() + 1) / Math.max(weight, 1e-9);
    }

    private boolean hasRoom(Candidate c) {
        Integer limit = c.capacity() != null ? c.capacity() : c.tier() == null ? null : rules.capacity().get(c.tier());
        return limit == null || c.openLeads() < limit;
    }

    static boolean covers(Candidate c, LeadFacts lead) {
        if (blank(lead.country())) {
            return false;
        }
        String country = lead.country().strip().toUpperCase(Locale.ROOT);
        for (String territory : c.territories()) {
            String t = territory.strip().toUpperCase(Locale.ROOT);
            int colon = t.indexOf(':');
            if (colon > 0) {
                String prefix = t.substring(colon + 1).strip();
                if (t.substring(0, colon).equals(country) && !blank(lead.postalCode())
                        && lead.postalCode().strip().toUpperCase(Locale.ROOT).replace(" ", "").startsWith(prefix.replace(" ", ""))) {
                    return true;
                }
            } else if (t.contains("-")) {
                if (t.equals(country + "-" + region(lead))) {
                    return true;
                }
            } else if (t.equals(country)) {
                return true;
            }
        }
        return false;
    }

    private static String region(LeadFacts lead) {
        if (blank(lead.region())) {
            return "";
        }
        String region = lead.region().strip().toUpperCase(Locale.ROOT);
        int dash = region.indexOf('-');
        return dash >= 0 ? region.substring(dash + 1) : region; // "US-CA" and "CA" alike
    }

    private static boolean specialized(Candidate c, String product) {
        String wanted = product.strip();
        return c.specializations().stream().anyMatch(s -> s.strip().equalsIgnoreCase(wanted));
    }

    private static String where(LeadFacts lead) {
        if (blank(lead.country())) {
            return "a lead without a country";
        }
        String country = lead.country().strip().toUpperCase(Locale.ROOT);
        return blank(lead.region()) ? country : country + "-" + region(lead);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
