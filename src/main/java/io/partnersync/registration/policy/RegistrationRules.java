package io.partnersync.registration.policy;

import io.partnersync.canonical.Partner.PartnerTier;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How the program governs deal registrations. Built once at start-up (bound from YAML elsewhere);
 * the compact constructor normalizes and validates, and a bad value fails with an {@link
 * IllegalArgumentException} that names the key and what was expected.
 *
 * @param exclusivityDays days of exclusivity an approval grants, counted from the decision date; at least 1
 * @param extensionDays days one single extension adds to the end of exclusivity; {@code null} = no extension
 * @param conflictPolicy what a conflict with another partner's approved registration does; {@code null} = REVIEW
 * @param productLines product to product line, matched case-insensitively; keys and values are stored
 *     lower-case and trimmed; a product not listed is its own line; {@code null} = empty
 * @param tiers the rule per partner tier; a tier not listed cannot register deals; {@code null} = every
 *     tier with {@link TierRule#unrestricted()}; an empty map is refused (nobody could register)
 */
public record RegistrationRules(
        int exclusivityDays,
        Integer extensionDays,
        ConflictPolicy conflictPolicy,
        Map<String, String> productLines,
        Map<PartnerTier, TierRule> tiers) {

    public static final int DEFAULT_EXCLUSIVITY_DAYS = 90;

    public RegistrationRules {
        if (exclusivityDays < 1) {
            throw new IllegalArgumentException("exclusivity-days must be at least 1, was " + exclusivityDays);
        }
        if (extensionDays != null && extensionDays < 1) {
            throw new IllegalArgumentException("extension-days must be at least 1 when set (leave it out for no extension), was " + extensionDays);
        }
        conflictPolicy = conflictPolicy == null ? ConflictPolicy.REVIEW : conflictPolicy;
        productLines = normalized(productLines);
        tiers = tiers(tiers);
    }

    /**
     * 90 days of exclusivity, no extension, conflicts go to review, no product lines (each product is
     * its own line), and every tier may register any product of any size but nothing is approved
     * automatically: until the program sets thresholds, a channel manager sees every registration.
     */
    public static RegistrationRules defaults() {
        return new RegistrationRules(DEFAULT_EXCLUSIVITY_DAYS, null, ConflictPolicy.REVIEW, null, null);
    }

    /** What a conflict with another partner's approved, unexpired registration does. */
    public enum ConflictPolicy { REJECT, REVIEW }

    private static Map<String, String> normalized(Map<String, String> productLines) {
        if (productLines == null) {
            return Map.of();
        }
        Map<String, String> lines = new HashMap<>();
        productLines.forEach((product, line) -> {
            String key = ProductLines.normalize(product);
            String value = ProductLines.normalize(line);
            if (key == null) {
                throw new IllegalArgumentException("product-lines must not contain a blank product");
            }
            if (value == null) {
                throw new IllegalArgumentException("product-lines." + product + " must name a product line");
            }
            String previous = lines.put(key, value);
            if (previous != null && !previous.equals(value)) {
                throw new IllegalArgumentException("product-lines lists '" + key + "' twice (ignoring case), as '" + previous + "' and '" + value + "'");
            }
        });
        return Map.copyOf(lines);
    }

    private static Map<PartnerTier, TierRule> tiers(Map<PartnerTier, TierRule> tiers) {
        if (tiers == null) {
            return Arrays.stream(PartnerTier.values()).collect(Collectors.toUnmodifiableMap(Function.identity(), t -> TierRule.unrestricted()));
        }
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("tiers must list at least one partner tier " + Arrays.toString(PartnerTier.values())
                    + " (leave it out to let every tier register)");
        }
        Map<PartnerTier, TierRule> copy = new EnumMap<>(PartnerTier.class);
        tiers.forEach((tier, rule) -> {
            if (tier == null || rule == null) {
                throw new IllegalArgumentException("tiers." + tier + " must have a rule (write {} for a tier without limits)");
            }
            copy.put(tier, rule);
        });
        return Map.copyOf(copy);
    }
}
