package io.partnersync.sync.spi;

import io.partnersync.canonical.CanonicalRecord;
import io.partnersync.canonical.EntityType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a {@link DomainStep} asks the engine to do with a change, all in the page's transaction.
 *
 * @param record the record to store (the change's {@code after}, or the step's version of it)
 * @param outbound outbox operations beyond the usual routing (which queues the stored record for
 *     every connector that receives it)
 * @param creates other records to create, each with an id the step derives from what caused it, so
 *     a replay or a second instance creates nothing twice
 * @param audit audit events, each naming the rule that made it
 */
public record Effects<T extends CanonicalRecord>(T record, List<Outbound> outbound, List<Create> creates, List<Audit> audit) {

    public Effects {
        outbound = List.copyOf(outbound);
        creates = List.copyOf(creates);
        audit = List.copyOf(audit);
    }

    /** Store {@code record} as it is; nothing else. */
    public static <T extends CanonicalRecord> Effects<T> store(T record) {
        return new Effects<>(record, List.of(), List.of(), List.of());
    }

    public Effects<T> with(Outbound operation) {
        List<Outbound> more = new ArrayList<>(outbound);
        more.add(operation);
        return new Effects<>(record, more, creates, audit);
    }

    public Effects<T> with(Audit event) {
        List<Audit> more = new ArrayList<>(audit);
        more.add(event);
        return new Effects<>(record, outbound, creates, more);
    }

    public Effects<T> with(Create create) {
        List<Create> more = new ArrayList<>(creates);
        more.add(create);
        return new Effects<>(record, outbound, more, audit);
    }

    /** An outbox operation with its target. */
    public sealed interface Outbound permits WriteBack, Withdraw {
    }

    /**
     * The decided fields (the mapping's vendor-wins fields) go back to the CRM the change came from,
     * even when the stored record did not change: a decision the rep must see where they work.
     */
    public record WriteBack() implements Outbound {
    }

    /**
     * The record is taken back from {@code connector}'s CRM, which no longer receives it (a lead
     * reassigned to another partner): that copy gets the mapping's archive marks, never deleted.
     */
    public record Withdraw(String connector) implements Outbound {
    }

    /** A record to create, with its deterministic id. */
    public record Create(EntityType type, UUID id, CanonicalRecord record) {
    }

    /**
     * @param actor who decided (a rule set, an operator, a channel manager through the vendor CRM)
     * @param action what happened, for example {@code registration-approved}
     * @param rule the stable id of the rule that decided
     * @param detail JSON-ready detail
     */
    public record Audit(String actor, String action, String rule, String reason, Map<String, Object> detail) {
    }
}
