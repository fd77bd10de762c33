package io.partnersync.registration.policy;

import java.util.Optional;

/** One step of {@link RegistrationPolicy#decide}: a decision, or empty to let the next rule look. */
sealed interface SubmissionRule permits SamePartnerRule, PartnerStatusRule, RequiredFieldsRule, TierLimitsRule,
        OtherPartnerRule, VendorDirectRule {

    Optional<Decision> apply(Submission submission);
}
