package io.partnersync.registration.policy;

import io.partnersync.canonical.Deal.RegistrationStatus;
import io.partnersync.canonical.Partner;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides deal registrations. Pure and thread-safe: the same inputs always give the same {@link
 * Decision}, so a replayed submission is harmless. {@link #decide} applies, in order: same-partner
 * duplicates, partner status, required fields, tier limits, conflicts with other partners,
 * conflicts with the vendor's own opportunities, and finally auto-approval or review.
 */
public final class RegistrationPolicy {

    private final RegistrationRules rules;
    private final List<SubmissionRule> steps;
    private final ApprovalRule approval;
    private final Extension extension;

    public RegistrationPolicy(RegistrationRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.steps = List.of(new SamePartnerRule(), new PartnerStatusRule(), new RequiredFieldsRule(), new TierLimitsRule(),
                new OtherPartnerRule(rules.conflictPolicy()), new VendorDirectRule());
        this.approval = new ApprovalRule(rules.exclusivityDays());
        this.extension = new Extension(rules.extensionDays());
    }

    /** The product's line: the configured one (product matched case-insensitively), else the product itself, lower-case; {@code null} without product. */
    public String productLine(String product) {
        return ProductLines.of(product, rules.productLines());
    }

    /**
     * Decides a new submission.
     *
     * @param today the decision date; exclusivity is counted from it
     * @param existing registrations for the same customer key, by any partner and in any status,
     *     possibly including this very deal; {@code null} = none
     * @param direct the vendor's open opportunities for that customer; {@code null} = none
     */
    public Decision decide(Registration registration, Partner partner, List<ExistingRegistration> existing,
            List<DirectOpportunity> direct, LocalDate today) {
        Objects.requireNonNull(registration, "registration");
        Objects.requireNonNull(partner, "partner");
        Objects.requireNonNull(today, "today");
        TierRule tier = partner.tier() == null ? null : rules.tiers().get(partner.tier());
        Submission submission = new Submission(registration, partner, productLine(registration.product()), tier, existing, direct, today);
        return steps.stream().map(step -> step.apply(submission)).flatMap(Optional::stream).findFirst()
                .orElseGet(() -> approval.decide(submission));
    }

    /**
     * Whether an approved registration stopped protecting its customer at {@code today}: its last
     * day of exclusivity is before today (EXPIRED, {@code expiry.expired}), or its deal closed
     * ({@code expiry.closed}: lost becomes EXPIRED; won stays APPROVED, complete, so payouts still
     * see an approved won deal). Empty when nothing changes, and always for other statuses.
     */
    public Optional<Decision> lapse(ExistingRegistration registration, LocalDate today) {
        return Expiry.lapse(registration, today);
    }

    /**
     * Extends an approved, open, unexpired registration once by the configured days, counted from
     * its current last day ({@code extension.granted}); otherwise {@code extension.refused} with the
     * status and exclusivity unchanged.
     */
    public Decision extend(ExistingRegistration registration, boolean alreadyExtended, LocalDate today) {
        return extension.extend(registration, alreadyExtended, today);
    }

    /** Whether an extension was granted ({@code extension.granted}) rather than refused. */
    public static boolean granted(Decision extension) {
        return RuleIds.EXTENSION_GRANTED.equals(extension.rule());
    }

    /**
     * What a channel manager did in the vendor CRM, read from the status the vendor's deal shows
     * against the registration's own: approve one pending review ({@code manager.approved}, with the
     * last day of exclusivity the manager set, if later than today, else the configured days), reject
     * one not expired ({@code manager.rejected}, with the manager's reason when they wrote a new
     * one), end an approved one ({@code manager.expired}). Empty when the shown status is no such move.
     *
     * @param knownReason the reason PartnerSync gave, so a reason field left as it was is not taken as the manager's
     */
    public Optional<Decision> byManager(ExistingRegistration known, String knownReason, RegistrationStatus shown, String shownReason,
                                        LocalDate shownExclusiveUntil, LocalDate today) {
        if (shown == known.status()) {
            return Optional.empty();
        }
        if (shown == RegistrationStatus.APPROVED && known.status() == RegistrationStatus.PENDING_REVIEW) {
            if (shownExclusiveUntil != null && !shownExclusiveUntil.equals(known.exclusiveUntil()) && shownExclusiveUntil.isAfter(today)) {
                return Optional.of(Decision.approved(RuleIds.MANAGER_APPROVED,
                        "Approved by the channel manager: exclusive until " + shownExclusiveUntil + ".", shownExclusiveUntil));
            }
            return Optional.of(approveByManager(today));
        }
        if (shown == RegistrationStatus.REJECTED && known.status() != RegistrationStatus.EXPIRED) {
            return Optional.of(rejectByManager(Objects.equals(shownReason, knownReason) ? null : shownReason));
        }
        if (shown == RegistrationStatus.EXPIRED && known.status() == RegistrationStatus.APPROVED) {
            return Optional.of(new Decision(RegistrationStatus.EXPIRED, RuleIds.MANAGER_EXPIRED,
                    "Expired: ended by the channel manager on " + today + ".", null, null, null));
        }
        return Optional.empty();
    }

    /**
     * A channel manager approves a registration that was pending review: exclusivity runs from
     * {@code today}. The manager's call is final; conflicts are not checked again.
     */
    public Decision approveByManager(LocalDate today) {
        LocalDate until = today.plusDays(rules.exclusivityDays());
        return Decision.approved(RuleIds.MANAGER_APPROVED, "Approved by the channel manager: exclusive until " + until + ".", until);
    }

    /** A channel manager rejects a registration; {@code reason} (may be blank) is passed on to the rep. */
    public Decision rejectByManager(String reason) {
        String why = reason == null || reason.isBlank() ? "" : ": " + reason.strip();
        String end = why.matches(".*[.!?]") ? "" : ".";
        return Decision.rejected(RuleIds.MANAGER_REJECTED, "Rejected by the channel manager" + why + end);
    }
}
