package io.partnersync.sync;

import io.partnersync.canonical.CanonicalFields;
import io.partnersync.canonical.CanonicalRecord;
import io.partnersync.canonical.ContentHash;
import io.partnersync.canonical.EntityType;
import io.partnersync.config.Connectors;
import io.partnersync.store.OutboxEntry;
import io.partnersync.store.StoredRecord;
import io.partnersync.sync.spi.Change;
import io.partnersync.sync.spi.Change.Occasion;
import io.partnersync.sync.spi.DomainStep;
import io.partnersync.sync.spi.Effects;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decisions made when no CRM changed a record (a registration's exclusivity ran out, a partner's
 * time to answer a lead passed, an operator extended a registration) run through the entity's
 * {@link DomainStep}s like a CRM's change, as a {@link Change#on occasion}: under the steps' locks,
 * their rows and audit written, the record stored and queued for every CRM that receives it, all in
 * one transaction. So a timer or an operator never writes around the steps.
 */
@Service
public class Occasions {

    private final Connectors connectors;
    private final IngestStore store;
    private final DomainSteps steps;

    Occasions(Connectors connectors, IngestStore store, DomainSteps steps) {
        this.connectors = connectors;
        this.store = store;
        this.steps = steps;
    }

    /**
     * Asks the steps of {@code type} about the stored record {@code id} on the occasion {@code what}.
     * Returns whether the stored record changed; an unknown record is left alone, an archived one is
     * shown to the steps (for their own rows) but neither stored nor sent.
     */
    @Transactional
    public boolean decide(EntityType type, UUID id, String what, String actor) {
        List<DomainStep<CanonicalRecord>> mine = steps.of(type);
        Optional<StoredRecord> seen = store.canonical().findById(type, id);
        if (mine.isEmpty() || seen.isEmpty()) {
            return false;
        }
        Set<String> locks = new TreeSet<>();
        Change<CanonicalRecord> first = change(type, seen.get(), what, actor);
        mine.forEach(step -> locks.addAll(step.locks(first)));
        store.locks().lock(List.copyOf(locks));
        StoredRecord current = store.canonical().findById(type, id).orElseThrow(); // re-read under the locks: a change made meanwhile stands
        Change<CanonicalRecord> change = change(type, current, what, actor);
        boolean writeBack = false;
        List<String> withdrawals = new ArrayList<>();
        List<Effects.Audit> audits = new ArrayList<>();
        List<Effects.Create> creates = new ArrayList<>();
        for (DomainStep<CanonicalRecord> step : mine) {
            Effects<CanonicalRecord> effects = step.apply(change);
            steps.write(effects.rows());
            change = change.withAfter(effects.record());
            for (Effects.Outbound operation : effects.outbound()) {
                if (operation instanceof Effects.WriteBack) {
                    writeBack = true;
                } else if (operation instanceof Effects.Withdraw withdraw) {
                    withdrawals.add(withdraw.connector());
                }
            }
            audits.addAll(effects.audit());
            creates.addAll(effects.creates());
        }
        Map<String, Optional<UUID>> partnerIds = new HashMap<>();
        PageWrites writes = new PageWrites(store, null, type, new OutboxRouting(connectors.all(),
                key -> partnerIds.computeIfAbsent(key, store.canonical()::findPartnerIdByKey).orElse(null)));
        audits.forEach(event -> writes.audits.add(new PageWrites.Audited(id, event)));
        writes.creates.addAll(creates);
        Map<String, Object> fields = CanonicalFields.toMap(change.after());
        String contentHash = ContentHash.of(fields);
        boolean changed = current.archivedAt() == null && !contentHash.equals(current.contentHash());
        if (changed) {
            StoredRecord row = new StoredRecord(id, fields, contentHash, current.sourceModifiedAt(), current.version() + 1, null);
            writes.updates.add(row);
            // a decision touches only the decided fields in every CRM; anything else is the whole record
            writes.enqueue(row, writeBack ? OutboxEntry.Operation.DECISION : OutboxEntry.Operation.UPSERT);
            withdrawals.forEach(from -> writes.entries.add(new OutboxEntry(from, type, id, OutboxEntry.Operation.WITHDRAW, contentHash, 0)));
        }
        writes.flush();
        return changed;
    }

    private static Change<CanonicalRecord> change(EntityType type, StoredRecord row, String what, String actor) {
        return Change.on(new Occasion(what, actor, row.archivedAt() != null), row.id(), CanonicalFields.fromMap(type, row.fields()));
    }
}
