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
 * @param incoming what the source CRM holds, for the fields its mapping reads (a vendor-wins field the
 *     CRM shows differently from {@code after} was edited in the wrong place, or not written back yet)
 */
public record Change<T extends CanonicalRecord>(Source source, UUID id, String externalId, T before, T after, T incoming) {

    /** @param partner the partner key of a partner's connector; {@code null} for the vendor's */
    public record Source(String connector, ConnectorRole role, String partner) {

        public boolean isPartner() {
            return role == ConnectorRole.PARTNER;
        }
    }

    public boolean isNew() {
        return before == null;
    }
}
