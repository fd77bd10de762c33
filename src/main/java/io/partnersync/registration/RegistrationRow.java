package io.partnersync.registration;

import io.partnersync.sync.spi.Effects;
import java.util.List;
import java.util.UUID;

/** The rows registration governance keeps beside the deals, which its step returns as effects and {@link RegistrationRepository} writes. */
sealed interface RegistrationRow extends Effects.Row permits RegistrationRecord, RegistrationRow.VendorOpportunity, RegistrationRow.VendorOpportunityGone {

    /** One of the vendor's own open opportunities, indexed by its customer keys for the conflict check. */
    record VendorOpportunity(UUID dealId, String externalId, String name, List<String> customerKeys, String productLine) implements RegistrationRow {
    }

    /** A vendor deal that is no longer one of the vendor's own open opportunities (given to a partner). */
    record VendorOpportunityGone(UUID dealId) implements RegistrationRow {
    }
}
