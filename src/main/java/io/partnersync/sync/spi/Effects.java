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
 * @param rows the step's own rows to save (a registration, an assignment), each written by the
 *     {@link RowWriter} of its type as soon as the step returns, so the next change of the page sees it
 */
public record Effects<T extends CanonicalRecord>(T record, List<Outbound> outbound, List<Create> creates, List<Audit> audit, List<Row> rows) {

    public Effects {
        outbound = List.copyOf(outbound);
        creates = List.copyOf(creates);
        audit = List.copyOf(audit);
        rows = List.copyOf(rows);
    }

    /** Store {@code record} as it is; nothing else. */
    public static <T extends CanonicalRecord> Effects<T> store(T record) {
        return new Effects<>(record, List.of(), List.of(), List.of(), List.of());
    }

    /** The same effects for another version of the record (a step's decision put on it). */
    public Effects<T> storing(T next) {
        return new Effects<>(next, outbound, creates, audit, rows);
    }

    public Effects<T> with(Outbound operation) {
        return new Effects<>(record, plus(outbound, operation), creates, audit, rows);
    }

    public Effects<T> with(Audit event) {
        return new Effects<>(record, outbound, creates, plus(audit, event), rows);
    }

    public Effects<T> with(Create create) {
        return new Effects<>(record, outbound, plus(creates, create), audit, rows);
    }

    public Effects<T> with(Row row) {
        return new Effects<>(record, outbound, creates, audit, plus(rows, row));
    }

    private static <E> List<E> plus(List<E> list, E element) {
        List<E> more = new ArrayList<>(list);
        more.add(element);
        return more;
    }

    /** A row of a step's own table, saved by the {@link RowWriter} registered for its type. */
    public interface Row {
    }

    /** An outbox operation with its target. */
    public sealed interface Outbound permits WriteBack, Withdraw {
    }

    /**
     * The decided fields (the mapping's vendor-wins fields) go back to the CRM the change came from,
     * even when the stored record did not change: a decision the rep must see where they work. For
     * an {@linkplain Change.Occasion occasion}, which comes from no CRM, the decided fields go to
     * every CRM that receives the record (a registration that expired).
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
