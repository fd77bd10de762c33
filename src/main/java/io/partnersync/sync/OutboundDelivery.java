package io.partnersync.sync;

import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.mapping.Fingerprints;
import io.partnersync.mapping.Mapping;
import io.partnersync.mapping.OutboundMapper;
import io.partnersync.store.CanonicalRepository;
import io.partnersync.store.ExternalRefRepository;
import io.partnersync.store.OutboxEntry;
import io.partnersync.store.OutboxRepository;
import io.partnersync.store.StoredRecord;
import io.partnersync.store.SyncFailure.Direction;
import io.partnersync.store.SyncFailureRepository;
import io.partnersync.sync.spi.ConnectorWriter;
import io.partnersync.sync.spi.ConnectorWriter.Failed;
import io.partnersync.sync.spi.ConnectorWriter.OutboundRecord;
import io.partnersync.sync.spi.ConnectorWriter.WriteResult;
import io.partnersync.sync.spi.ConnectorWriter.Written;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import io.partnersync.mapping.FieldMapping;
import io.partnersync.mapping.SyncRule;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Writes one batch of outbox entries of one entity to one connector: reads each record as it is
 * now, maps it for the target CRM, records the versions it sends before it sends them (so a kill
 * between the CRM's answer and its recording still knows them as ours), hands the batch to the
 * connector's outbound route, and books each answer: a confirmed write records the CRM's id and the
 * written fingerprint (so the echo is recognized) and clears the entry; a failure is retried with
 * backoff or parked and kept as an outbound sync failure.
 */
@Component
class OutboundDelivery {

    private final CanonicalRepository canonical;
    private final ExternalRefRepository refs;
    private final OutboxRepository outbox;
    private final SyncFailureRepository failures;
    private final TransactionTemplate transaction;
    private final OutboundBatches batches;

    OutboundDelivery(CanonicalRepository canonical, ExternalRefRepository refs, OutboxRepository outbox, SyncFailureRepository failures,
                     TransactionTemplate transaction, OutboundBatches batches) {
        this.canonical = canonical;
        this.refs = refs;
        this.outbox = outbox;
        this.failures = failures;
        this.transaction = transaction;
        this.batches = batches;
    }

    /** @return how many records were written */
    int deliver(ConnectorProperties connector, Mapping mapping, List<OutboxEntry> batch) {
        EntityType type = mapping.entity();
        Map<UUID, StoredRecord> rows = canonical.findByIds(type, batch.stream().map(OutboxEntry::entityId).toList());
        ExternalIds externalIds = new ExternalIds(connector.name(), mapping, type, rows.values());
        List<OutboundRecord> records = new ArrayList<>();
        // each record written, with the outbox entry it stands for (the writer answers with the very record)
        Map<OutboundRecord, OutboxEntry> entries = new IdentityHashMap<>();
        for (OutboxEntry entry : batch) {
            StoredRecord row = rows.get(entry.entityId());
            if (row == null) {
                outbox.park(entry, "the canonical record no longer exists");
                continue;
            }
            String externalId = externalIds.of(type, entry.entityId());
            if (entry.operation() == OutboxEntry.Operation.ARCHIVE || entry.operation() == OutboxEntry.Operation.WITHDRAW) {
                if (externalId == null || mapping.archiveMarks().isEmpty()) {
                    // never written there, or the mapping leaves that CRM's copy as it is
                    outbox.markDelivered(entry);
                    continue;
                }
                OutboundRecord record = new OutboundRecord(entry.entityId(), operation(entry), row.fields(), new LinkedHashMap<>(mapping.archiveMarks()), externalId);
                records.add(record);
                entries.put(record, entry);
                continue;
            }
            Map<String, Object> crmFields = OutboundMapper.toCrm(mapping, row.fields(), externalIds::of);
            if (entry.operation() == OutboxEntry.Operation.DECISION && externalId != null) {
                crmFields = decisionOnly(mapping, crmFields);
            }
            OutboundRecord record = new OutboundRecord(entry.entityId(), operation(entry), row.fields(), crmFields, externalId);
            records.add(record);
            entries.put(record, entry);
        }
        if (records.isEmpty()) {
            return 0;
        }
        // write-ahead: a kill between the CRM's answer and recording it still knows this version as ours
        outbox.markSent(records.stream().map(entries::get).toList(),
                records.stream().map(r -> Fingerprints.of(mapping, r.fields())).toList());
        int written = 0;
        List<Written> confirmed = new ArrayList<>();
        for (WriteResult result : batches.send(connector, type, records)) {
            OutboxEntry entry = entries.get(result.record());
            if (entry == null) {
                throw new IllegalStateException("the writer of connector " + connector.name() + " answered for a record it was not given ("
                        + result.record().id() + "); a writer answers with the very records it got");
            }
            if (result instanceof Written ok) {
                confirmed.add(ok);
                written++;
            } else if (result instanceof Failed failed) {
                String reason = failed.reason();
                failures.record(connector.name(), Direction.OUTBOUND, type.name(), entry.entityId().toString(),
                        null, failed.category(), reason);
                int maxAttempts = connector.limits().maxAttempts();
                if (failed.retry() && (maxAttempts == 0 || entry.attempts() + 1 < maxAttempts)) {
                    outbox.retryLater(entry, reason, OutboxRelay.backoff(entry.attempts()));
                } else {
                    outbox.park(entry, reason);
                }
            }
        }
        recordConfirmed(connector, mapping, rows, entries, confirmed);
        return written;
    }

    /** Rows of confirmed writes recorded per transaction: a kill loses at most this many records' confirmations (written again, harmlessly). */
    static final int RECORDED_PER_TRANSACTION = 1000;

    /**
     * What the CRM confirmed, recorded set-wise: each record's written fingerprint on its ref (our
     * own echo is recognized), its outbox entry cleared (unless a newer version was queued meanwhile),
     * its open failure closed, in transactions of {@link #RECORDED_PER_TRANSACTION} records, a few
     * statements each rather than three per record.
     */
    private void recordConfirmed(ConnectorProperties connector, Mapping mapping, Map<UUID, StoredRecord> rows,
                                 Map<OutboundRecord, OutboxEntry> entries, List<Written> confirmed) {
        EntityType type = mapping.entity();
        for (int from = 0; from < confirmed.size(); from += RECORDED_PER_TRANSACTION) {
            List<Written> chunk = confirmed.subList(from, Math.min(from + RECORDED_PER_TRANSACTION, confirmed.size()));
            transaction.executeWithoutResult(status -> {
                refs.recordWrites(connector.name(), type, chunk.stream().map(ok -> new ExternalRefRepository.Write(ok.externalId(),
                        ok.record().id(), Fingerprints.of(mapping, rows.get(ok.record().id()).fields()))).toList());
                outbox.markDelivered(chunk.stream().map(ok -> entries.get(ok.record())).toList());
                failures.resolve(connector.name(), Direction.OUTBOUND, type.name(),
                        chunk.stream().filter(ok -> ok.unfinished() == null).map(ok -> ok.record().id().toString()).toList(), "written");
                for (Written ok : chunk) {
                    if (ok.unfinished() != null) {
                        failures.record(connector.name(), Direction.OUTBOUND, type.name(), ok.record().id().toString(), null,
                                ok.unfinished().category(), ok.unfinished().reason());
                    }
                }
            });
        }
    }

    /** The target connector's ids of the records being written and of the records they refer to, read set-wise. */
    private final class ExternalIds {
        private final Map<EntityType, Map<UUID, String>> byType = new EnumMap<>(EntityType.class);

        ExternalIds(String connector, Mapping mapping, EntityType type, Collection<StoredRecord> rows) {
            Map<EntityType, Set<UUID>> wanted = new EnumMap<>(EntityType.class);
            wanted.computeIfAbsent(type, t -> new HashSet<>()).addAll(rows.stream().map(StoredRecord::id).toList());
            for (var field : mapping.fields().values()) {
                if (field.ref() != null) {
                    rows.forEach(row -> {
                        if (row.fields().get(field.target()) instanceof UUID id) {
                            wanted.computeIfAbsent(field.ref(), t -> new HashSet<>()).add(id);
                        }
                    });
                }
            }
            wanted.forEach((refType, ids) -> byType.put(refType, refs.findExternalIds(connector, refType, ids)));
        }

        String of(EntityType type, UUID id) {
            return byType.getOrDefault(type, Map.of()).get(id);
        }
    }

    /** The fields the vendor side decides (sync rule vendor-wins): all a decision write-back touches. */
    private static Map<String, Object> decisionOnly(Mapping mapping, Map<String, Object> crmFields) {
        Set<String> decided = mapping.fields().values().stream()
                .filter(f -> f.sync() == SyncRule.VENDOR_WINS && f.from() != null)
                .map(FieldMapping::from).collect(Collectors.toSet());
        Map<String, Object> only = new LinkedHashMap<>(crmFields);
        only.keySet().retainAll(decided);
        return only;
    }

    private static ConnectorWriter.Operation operation(OutboxEntry entry) {
        return ConnectorWriter.Operation.valueOf(entry.operation().name());
    }
}
