package io.partnersync.registration.policy;

import io.partnersync.canonical.Deal.RegistrationStatus;
import io.partnersync.registration.policy.RegistrationRules.ConflictPolicy;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Rule 3: another partner already holds this customer and product line. An approved registration
 * whose deal is open and whose exclusivity has not ended is a conflict that the program's policy
 * rejects or sends to review. One that is only submitted or pending review is listed as a
 * conflict too, but always sent to review: it may still be rejected, so it must not cost the
 * newcomer the deal. The decision also lists matching vendor opportunities.
 */
record OtherPartnerRule(ConflictPolicy policy) implements SubmissionRule {

    @Override
    public Optional<Decision> apply(Submission s) {
        List<ExistingRegistration> others = s.existing().stream()
                .filter(e -> !Objects.equals(e.partnerId(), s.registration().partnerId()))
                .filter(e -> !e.dealId().equals(s.registration().dealId()))
                .filter(e -> ProductLines.covers(e.productLine(), s.productLine()))
                .toList();
        List<ExistingRegistration> approved = others.stream().filter(e -> e.holdsExclusivity(s.today())).toList();
        List<ExistingRegistration> waiting = others.stream().filter(ExistingRegistration::awaitsDecision).toList();
        if (approved.isEmpty() && waiting.isEmpty()) {
            return Optional.empty();
        }
        List<UUID> ids = Stream.concat(approved.stream(), waiting.stream()).map(ExistingRegistration::dealId).toList();
        List<String> direct = VendorDirectRule.matching(s).stream().map(DirectOpportunity::opportunityId).toList();
        if (approved.isEmpty()) {
            List<String> names = waiting.stream().map(e -> Words.partner(e.partnerName())).distinct().toList();
            String verb = names.size() == 1 ? " is" : " are";
            return decision(RegistrationStatus.PENDING_REVIEW, "Needs review: " + Words.and(names)
                    + " registered this customer for the same product line first and" + verb + " awaiting review.", ids, direct);
        }
        String conflict = "conflicts with " + (approved.size() == 1 ? "an approved registration by " : "approved registrations by ")
                + Words.and(approved.stream().map(OtherPartnerRule::holder).toList()) + ".";
        return policy == ConflictPolicy.REJECT
                ? decision(RegistrationStatus.REJECTED, "Rejected: " + conflict, ids, direct)
                : decision(RegistrationStatus.PENDING_REVIEW, "Needs review: " + conflict, ids, direct);
    }

    /**
     * Who holds it, never until when: a reason that gave the end of another partner's exclusivity
     * would let a rep probe any domain to learn whether and how long a competitor holds it.
     */
    private static String holder(ExistingRegistration e) {
        return Words.partner(e.partnerName());
    }

    private static Optional<Decision> decision(RegistrationStatus status, String reason, List<UUID> ids, List<String> direct) {
        return Optional.of(new Decision(status, RuleIds.CONFLICT_OTHER_PARTNER, reason, null, ids, direct));
    }
}
