package io.partnersync.distribution.policy;

import io.partnersync.canonical.Partner.PartnerTier;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.Locale;

/**
 * The program's rules, validated.
 *
 * @param tiers the tiers that may receive leads; empty: every tier
 * @param weights each tier's share in the weighted choice (a tier not listed weighs 1)
 * @param capacity each tier's limit of open, unanswered leads per partner (a partner's own capacity wins); not listed: unlimited
 * @param acceptanceWeight 0 to 1: how much a partner's acceptance rate adjusts its weight (0: not at all;
 *     1: a partner that accepts half of its leads weighs half)
 * @param acceptWithin how long a partner has to accept or reject
 * @param maxAssignments how many partners may get one lead before it goes back to the vendor's queue
 * @param requireSpecialization whether a lead with a product interest goes only to partners specialized in it
 */
public record DistributionRules(Set<PartnerTier> tiers, Map<PartnerTier, Integer> weights, Map<PartnerTier, Integer> capacity,
                                double acceptanceWeight, Duration acceptWithin, int maxAssignments, boolean requireSpecialization) {

    /** @throws IllegalArgumentException naming the setting (its key first) that is not valid */
    public DistributionRules {
        tiers = tiers == null ? Set.of() : Set.copyOf(tiers);
        weights = weights == null ? Map.of() : Map.copyOf(weights);
        capacity = capacity == null ? Map.of() : Map.copyOf(capacity);
        weights.forEach((tier, weight) -> {
            if (weight == null || weight < 1) {
                throw new IllegalArgumentException("weights." + tier.name().toLowerCase(Locale.ROOT) + " must be at least 1, was " + weight);
            }
        });
        capacity.forEach((tier, limit) -> {
            if (limit == null || limit < 0) {
                throw new IllegalArgumentException("capacity." + tier.name().toLowerCase(Locale.ROOT) + " must be 0 or more, was " + limit);
            }
        });
        if (acceptanceWeight < 0 || acceptanceWeight > 1) {
            throw new IllegalArgumentException("acceptance-weight must be between 0 and 1, was " + acceptanceWeight);
        }
        if (acceptWithin == null || acceptWithin.isNegative() || acceptWithin.isZero()) {
            throw new IllegalArgumentException("accept-within must be a positive duration, was " + acceptWithin);
        }
        if (maxAssignments < 1) {
            throw new IllegalArgumentException("max-assignments must be at least 1, was " + maxAssignments);
        }
    }

    int weight(PartnerTier tier) {
        return weights.getOrDefault(tier, 1);
    }
}
