package io.partnersync.sync.spi;

import io.partnersync.canonical.CanonicalRecord;
import io.partnersync.config.ConnectorProperties.ConnectorRole;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One record about to be stored, as a {@link DomainStep} sees it.
 *
 * @param source the connector it was read from
 * @param id the record's canonical id (new or existing)
 * @param externalId its id in the source CRM
 * @param before what the store holds now; {@code null} for a new record
 * @param after what the engine is about to store: the CRM's values merged with {@code before} by the fields' sync rules
 * @param crm what the source CRM holds, for the fields its mapping reads, made when first asked for
 *     (see {@link #incoming()})
 * @param occasion why the engine asks when no CRM changed the record (a deadline passed, an
 *     operator's request); {@code null} for a CRM's change
 */
public record Change<T extends CanonicalRecord>(Source source, UUID id, String externalId, T before, T after, Supplier<T> crm,
                                                Occasion occasion) {

    /** A CRM's change of a record, read from {@code source}. */
    public Change(Source source, UUID id, String externalId, T before, T after, Supplier<T> crm) {
        this(source, id, externalId, before, after, crm, null);
    }

    /**
     * The engine asks the steps about a stored record on an {@code occasion}: {@code before} and
     * {@code after} are the stored record, and its source names who asks.
     */
    public static <T extends CanonicalRecord> Change<T> on(Occasion occasion, UUID id, T stored) {
        return new Change<>(new Source(occasion.actor(), null, null), id, null, stored, stored, () -> stored, occasion);
    }

    public boolean isOccasion() {
        return occasion != null;
    }

    /** Whether this is the occasion {@code what}. */
    public boolean isOccasion(String what) {
        return occasion != null && occasion.what().equals(what);
    }

    /**
     * What the source CRM holds, for the fields its mapping reads: a vendor-wins field the CRM shows
     * differently from {@code after} was edited in the wrong place, or not written back yet.
     */
    public T incoming() {
        return crm.get();
    }

    /** The same change with the record a step made of {@code after}, for the next step. */
    public Change<T> withAfter(T next) {
        return new Change<>(source, id, externalId, before, next, crm, occasion);
    }

    /** The same change for the record's canonical id (a new record gets it once it is stored). */
    public Change<T> withId(UUID canonicalId) {
        return new Change<>(source, canonicalId, externalId, before, after, crm, occasion);
    }

    /**
     * A decision asked of the steps outside any CRM's change, run like one: the steps' locks, their
     * effects, the record stored and queued for its CRMs, all in one transaction.
     *
     * @param what the occasion, as the steps that answer it name it (for example {@code registration-expiry})
     * @param actor who asks: a timer's rule set, or the operator, audited as the decision's actor
     * @param archived the record was deleted in its CRMs: a step records what it must (its rows,
     *     audit), the engine stores and sends nothing
     */
    public record Occasion(String what, String actor, boolean archived) {
    }

    /** @param partner the partner key of a partner's connector; {@code null} for the vendor's; {@code role} is {@code null} for an occasion */
    public record Source(String connector, ConnectorRole role, String partner) {

        public boolean isPartner() {
            return role == ConnectorRole.PARTNER;
        }
    }
}
