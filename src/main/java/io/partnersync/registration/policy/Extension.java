package io.partnersync.registration.policy;

import io.partnersync.canonical.Deal.RegistrationStatus;
import java.time.LocalDate;

/**
 * One single extension of an approved, open, unexpired registration, adding the configured days to
 * its last day of exclusivity. A refusal keeps status and exclusivity as they are.
 */
record Extension(Integer extensionDays) {

    Decision extend(ExistingRegistration r, boolean alreadyExtended, LocalDate today) {
        if (extensionDays == null) {
            return refused(r, "the program does not allow extensions");
        }
        if (alreadyExtended) {
            return refused(r, "a registration can be extended only once, and this one already was");
        }
        if (r.status() != RegistrationStatus.APPROVED) {
            return refused(r, "only approved registrations can be extended, this one is " + Words.status(r.status()));
        }
        if (r.isClosed()) {
            return refused(r, "the deal is already " + Words.status(r.stage()));
        }
        if (r.exclusiveUntil() == null) {
            return refused(r, "its exclusivity has no end date");
        }
        if (r.exclusiveUntil().isBefore(today)) {
            return refused(r, "exclusivity already ended on " + r.exclusiveUntil());
        }
        LocalDate until = r.exclusiveUntil().plusDays(extensionDays);
        return Decision.approved(RuleIds.EXTENSION_GRANTED,
                "Extended once by " + extensionDays + " days: exclusive until " + until + ".", until);
    }

    private static Decision refused(ExistingRegistration r, String why) {
        return new Decision(r.status(), RuleIds.EXTENSION_REFUSED, "Extension refused: " + why + ".", r.exclusiveUntil(), null, null);
    }
}
