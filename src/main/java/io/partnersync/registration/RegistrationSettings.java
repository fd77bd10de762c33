package io.partnersync.registration;

import io.partnersync.canonical.Partner.PartnerTier;
import io.partnersync.registration.policy.RegistrationRules;
import io.partnersync.registration.policy.RegistrationRules.ConflictPolicy;
import io.partnersync.registration.policy.TierRule;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import java.util.LinkedHashMap;
import java.util.Locale;

/**
 * How deal registrations are governed ({@code partnersync.governance.registration}). The rules
 * are turned into {@link RegistrationRules} at start-up; a bad value stops start-up naming its key.
 *
 * @param enabled whether partner deals are governed at all
 * @param exclusivityDays days of exclusivity an approval grants
 * @param extensionDays days one single extension adds; unset = no extension
 * @param conflictPolicy {@code review} or {@code reject} a registration that conflicts with another
 *     partner's approved one
 * @param productLines product line to the products in it (listed as values, so product names may
 *     hold spaces and dots); a product not listed is its own line
 * @param tiers per partner tier: allowed product lines, maximum amount, auto-approval threshold; a
 *     tier not listed cannot register; unset = every tier, always reviewed
 * @param expiryCheck how often approved registrations are checked for expiry
 */
@Validated
@ConfigurationProperties("partnersync.governance.registration")
public record RegistrationSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("90") int exclusivityDays,
        Integer extensionDays,
        @DefaultValue("review") ConflictPolicy conflictPolicy,
        @DefaultValue Map<String, List<String>> productLines,
        Map<PartnerTier, Tier> tiers,
        @NotNull @DefaultValue("PT1H") Duration expiryCheck) {

    /** What partners of one tier may register. */
    public record Tier(Set<String> productLines, BigDecimal maxAmount, BigDecimal autoApproveBelow) {
    }

    /** @throws IllegalArgumentException naming the key when a rule is not valid */
    RegistrationRules rules() {
        Map<PartnerTier, TierRule> rules = null;
        if (tiers != null) {
            rules = new EnumMap<>(PartnerTier.class);
            for (var tier : tiers.entrySet()) {
                try {
                    rules.put(tier.getKey(), new TierRule(tier.getValue().productLines(), tier.getValue().maxAmount(),
                            tier.getValue().autoApproveBelow()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("tiers." + tier.getKey().name().toLowerCase(Locale.ROOT) + "." + e.getMessage(), e);
                }
            }
        }
        Map<String, String> lineOf = new LinkedHashMap<>();
        productLines.forEach((line, products) -> products.forEach(product -> {
            String before = lineOf.put(product, line);
            if (before != null && !before.equals(line)) {
                throw new IllegalArgumentException("product-lines lists '" + product + "' in two lines, '" + before + "' and '" + line + "'");
            }
        }));
        return new RegistrationRules(exclusivityDays, extensionDays, conflictPolicy, lineOf, rules);
    }
}
