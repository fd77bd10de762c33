package io.partnersync.sync.spi;

import io.partnersync.canonical.CanonicalRecord;
import io.partnersync.config.ConnectorProperties.ConnectorRole;
import java.util.UUID;

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
 */
public record Change<T extends CanonicalRecord>(Source source, UUID id, String externalId, T before, T after, java.util.function.Supplier<T> crm) {

    /**
     * What the source CRM holds, for the fields its mapping reads: a vendor-wins field the CRM shows
     * differently from {@code after} was edited in the wrong place, or not written back yet.
     */
    public T incoming() {
        return crm.get();
    }

    /** The same change with the record a step made of {@code after}, for the next step. */
    public Change<T> withAfter(T next) {
        return new Change<>(source, id, externalId, before, next, crm);
    }

    /** The same change for the record's canonical id (a new record gets it once it is stored). */
    public Change<T> withId(UUID canonicalId) {
        return new Change<>(source, canonicalId, externalId, before, after, crm);
    }

    /** @param partner the partner key of a partner's connector; {@code null} for the vendor's */
    public record Source(String connector, ConnectorRole role, String partner) {

        public boolean isPartner() {
            return role == ConnectorRole.PARTNER;
        }
    }
}
