package io.partnersync.canonical;

/** Marker for the canonical records, so the store and mappings can treat them alike. */
public sealed interface CanonicalRecord permits Partner, Account, Lead, Deal, Payout {
}
