package io.partnersync.distribution;

import io.partnersync.canonical.Partner.PartnerTier;
import io.partnersync.distribution.policy.DistributionRules;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How leads are distributed to partners ({@code partnersync.distribution}); a bad value stops
 * start-up naming its key. Only leads the vendor asks to distribute (canonical
 * {@code distributionRequested}, mapped in {@code mappings/<crm>/lead.yaml}) are touched.
 *
 * @param enabled whether requested leads are distributed at all
 * @param tiers the partner tiers that receive leads; unset: every tier
 * @param weights each tier's share in the weighted choice; a tier not listed weighs 1
 * @param capacity each tier's limit of open, unanswered leads per partner; a partner's own
 *     {@code Lead_Capacity__c} wins; unset: unlimited
 * @param acceptanceWeight 0 to 1, how much a partner's acceptance rate adjusts its weight
 * @param acceptWithin how long a partner has to accept or reject a lead
 * @param maxAssignments partners one lead may go to before it returns to the vendor's queue
 * @param requireSpecialization a lead with a product interest goes only to partners specialized in it
 * @param deadlineCheck how often passed deadlines are looked for
 */
@Validated
@ConfigurationProperties("partnersync.distribution")
public record DistributionSettings(
        @DefaultValue("true") boolean enabled,
        Set<PartnerTier> tiers,
        Map<PartnerTier, Integer> weights,
        Map<PartnerTier, Integer> capacity,
        @DefaultValue("0") double acceptanceWeight,
        @NotNull @DefaultValue("P2D") Duration acceptWithin,
        @DefaultValue("3") int maxAssignments,
        @DefaultValue("true") boolean requireSpecialization,
        @NotNull @DefaultValue("PT1M") Duration deadlineCheck) {

    /** @throws IllegalArgumentException naming the key when a rule is not valid */
    DistributionRules rules() {
        return new DistributionRules(tiers, weights, capacity, acceptanceWeight, acceptWithin, maxAssignments, requireSpecialization);
    }
}
