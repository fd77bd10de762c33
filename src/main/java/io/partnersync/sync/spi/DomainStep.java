package io.partnersync.sync.spi;

import io.partnersync.canonical.CanonicalRecord;
import io.partnersync.canonical.EntityType;
import java.util.Set;
import java.util.Optional;

/**
 * A business rule on the ingest path for one entity (deal-registration governance, later lead
 * distribution and payouts). The engine calls it, inside the page's transaction, with each change
 * about to be stored, and applies the {@link Effects} it returns in that same transaction: the
 * record to store, outbox operations with their targets, records to create, audit events. So a
 * decision is stored, audited and queued for every CRM together with the record, or not at all.
 * A step sees what changes: a record read again unchanged, older than what is stored, or our own
 * write coming back (an echo) is not a change.
 *
 * @param <T> the entity's canonical record
 */
public interface DomainStep<T extends CanonicalRecord> {

    /** The step's name, by which the engine's step order places it. */
    default String name() {
        return getClass().getSimpleName();
    }

    EntityType entity();

    /**
     * Named locks the step needs while it decides {@code change} (for example one per customer:
     * decisions for different customers run in parallel, those for one customer one after
     * another, across instances). The engine takes every lock of a page before its first change,
     * in one sorted order, so two pages never wait for each other in a circle.
     */
    default Set<String> locks(Change<T> change) {
        return Set.of();
    }

    Effects<T> apply(Change<T> change);

    /**
     * Why {@code stored} must not be archived although its CRM deleted it (a paid payout is never
     * deleted), or empty to let it go. A refusal keeps the record, and the deletion as a failure
     * with the reason, which an operator can see and resolve.
     */
    default Optional<String> refuseArchive(T stored) {
        return Optional.empty();
    }
}
