package io.partnersync.sync;

import io.partnersync.store.CanonicalRepository;
import io.partnersync.store.Checkpoint;
import io.partnersync.store.CheckpointRepository;
import io.partnersync.store.ExternalRef;
import io.partnersync.store.ExternalRefRepository;
import io.partnersync.sync.spi.FailureCategory;
import io.partnersync.store.IngestResult;
import io.partnersync.store.AuditRepository;
import io.partnersync.store.NamedLocks;
import io.partnersync.sync.spi.Change;
import io.partnersync.sync.spi.DomainStep;
import io.partnersync.sync.spi.Effects;
import io.partnersync.canonical.CanonicalRecord;
import io.partnersync.store.OutboxEntry;
import io.partnersync.store.OutboxRepository;
import io.partnersync.store.StoredRecord;
import io.partnersync.store.SyncFailure;
import io.partnersync.store.SyncFailureRepository;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.canonical.CanonicalFields;
import io.partnersync.canonical.ContentHash;
import io.partnersync.canonical.EntityType;
import io.partnersync.canonical.InvalidRecordException;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.ConnectorProperties.ConnectorRole;
import io.partnersync.config.PartnerSyncProperties;
import io.partnersync.mapping.MappedRecord;
import io.partnersync.mapping.Mapping;
import io.partnersync.mapping.MappingRegistry;
import io.partnersync.mapping.RecordMapper;
import io.partnersync.mapping.RecordMappingException;
import io.partnersync.mapping.SyncRules;
import io.partnersync.mapping.Fingerprints;
import io.partnersync.store.IngestResult.Outcome;
import io.partnersync.store.IngestResult.RecordOutcome;
import io.partnersync.store.SyncFailure.Direction;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import com.google.common.base.Suppliers;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.transaction.interceptor.TransactionAspectSupport;

/**
 * The working state of one page of one connector's records, for one call of
 * {@link IngestService#ingest}: maps every record, resolves references, decides per record
 * (stale, echo, unchanged, archive, upsert) with the entity's domain steps, and writes the page
 * through {@link PageWrites}. Not thread-safe; runs inside the ingest transaction.
 */
final class IngestPage {

    /** Canonical ids are UUIDv7: time-ordered, so inserts append to the indexes instead of splitting random pages. */
    private static final TimeBasedEpochGenerator IDS = Generators.timeBasedEpochGenerator();
    private final ConnectorProperties connector;
    private final EntityType type;
    private final Mapping mapping;
    /** Where a record of this CRM carries PartnerSync's id. */
    private final String ownIdPath;
    private final Map<String, MappedRecord> records = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> raw = new HashMap<>();
    private final List<RecordOutcome> outcomes = new ArrayList<>();
    private final Map<String, Optional<UUID>> partnerIds = new HashMap<>();
    /** External id to the PartnerSync id the CRM record carries (our own write read back). */
    private final Map<String, UUID> ownIds = new HashMap<>();
    /** The content hash of each record as its CRM sent it, by external id: computed once. */
    private final Map<String, String> seenHashes = new HashMap<>();
    /** Changes merged and typed while taking the steps' locks, by external id. */
    private final Map<String, Prepared> prepared = new HashMap<>();
    /** Fingerprints of versions the relay sent to this connector and has not confirmed yet, by record. */
    private Map<UUID, List<String>> sent = Map.of();

    private final IngestStore store;
    private final DomainSteps steps;
    private final List<ConnectorProperties> connectors;

    IngestPage(IngestStore store, DomainSteps steps, List<ConnectorProperties> connectors, ConnectorProperties connector, EntityType type,
               Mapping mapping, String ownIdPath) {
        this.store = store;
        this.steps = steps;
        this.connectors = connectors;
        this.connector = connector;
        this.type = type;
        this.mapping = mapping;
        this.ownIdPath = ownIdPath;
    }

    /** What became of each record, in order. */
    List<RecordOutcome> outcomes() {
        return outcomes;
    }

    /** Maps every record; within a page the newest version of a record wins. */
    void read(List<Map<String, Object>> rawRecords) {
        for (Map<String, Object> record : rawRecords) {
            try {
                MappedRecord mapped = RecordMapper.map(mapping, record);
                MappedRecord earlier = records.get(mapped.externalId());
                if (earlier == null || !isOlder(mapped.modifiedAt(), earlier.modifiedAt())) {
                    records.put(mapped.externalId(), mapped);
                    raw.put(mapped.externalId(), record);
                    UUID own = ownId(record);
                    if (own != null) {
                        ownIds.put(mapped.externalId(), own);
                    }
                }
            } catch (RecordMappingException e) {
                Object id = record.get(mapping.idPath());
                fail(id == null ? "" : id.toString(), record, FailureCategory.VALIDATION, e.getMessage());
            }
        }
    }

    /** Replaces external ids in reference fields by canonical ids; fills a partner connector's own partner. */
    void resolveReferences() {
        Map<EntityType, Map<String, ExternalRef>> known = new HashMap<>();
        for (MappedRecord record : List.copyOf(records.values())) {
            for (var entry : record.references().entrySet()) {
                var reference = entry.getValue();
                ExternalRef target = known.computeIfAbsent(reference.type(), t -> store.refs().find(connector.name(), t, referencedIds(t)))
                        .get(reference.externalId());
                if (target == null) {
                    reject(record, FailureCategory.REFERENCE, "field " + entry.getKey() + " refers to " + reference.type().key() + " '"
                            + reference.externalId() + "' of connector " + connector.name()
                            + ", which is not in the store yet; replay this record after it has been synced");
                    break;
                }
                record.fields().put(entry.getKey(), target.entityId());
            }
        }
        if (connector.role() == ConnectorRole.PARTNER && type.field("partnerId").isPresent()) {
            for (MappedRecord record : List.copyOf(records.values())) {
                if (record.fields().get("partnerId") == null) {
                    UUID partnerId = partnerId(connector.partner());
                    if (partnerId == null) {
                        reject(record, FailureCategory.REFERENCE, "partner '" + connector.partner() + "' of connector " + connector.name()
                                + " is not in the store yet; sync the vendor's partner accounts first, then replay");
                    } else {
                        record.fields().put("partnerId", partnerId);
                    }
                }
            }
        }
    }

    void apply() {
        Map<String, ExternalRef> known = new HashMap<>(store.refs().find(connector.name(), type, records.keySet()));
        adoptOwnWrites(known);
        sent = store.outbox().sentFingerprints(connector.name(), type, known.values().stream().map(ExternalRef::entityId).toList());
        Map<UUID, StoredRecord> stored = store.canonical().findByIds(type, known.values().stream().map(ExternalRef::entityId).toList());
        takeLocks(known, stored);
        var transaction = TransactionAspectSupport.currentTransactionStatus();
        int outcomesBefore = outcomes.size();
        Object wholePage = transaction.createSavepoint();
        try {
            PageWrites writes = new PageWrites(store, connector.name(), type, new OutboxRouting(connectors, this::partnerId));
            for (MappedRecord record : records.values()) {
                decide(record, known, stored, writes);
            }
            writes.flush();
            transaction.releaseSavepoint(wholePage);
            return;
        } catch (RuntimeException e) {
            // one record the store refuses (bad bytes, overflow, a unique key) must not hold back
            // the page: apply record by record, keeping each one that fails as a failure
            transaction.rollbackToSavepoint(wholePage);
            outcomes.subList(outcomesBefore, outcomes.size()).clear();
        }
        for (MappedRecord record : records.values()) {
            Object one = transaction.createSavepoint();
            try {
                PageWrites writes = new PageWrites(store, connector.name(), type, new OutboxRouting(connectors, this::partnerId));
                decide(record, known, stored, writes);
                writes.flush();
                transaction.releaseSavepoint(one);
            } catch (RuntimeException e) {
                transaction.rollbackToSavepoint(one);
                outcomes.removeIf(o -> o.externalId().equals(record.externalId()));
                fail(record.externalId(), raw.get(record.externalId()), StoreRefusals.category(e), StoreRefusals.reason(type, record.externalId(), e));
            }
        }
    }

    private void decide(MappedRecord record, Map<String, ExternalRef> known, Map<UUID, StoredRecord> stored, PageWrites writes) {
        ExternalRef ref = known.get(record.externalId());
        RecordOutcome outcome = decide(record, ref, ref == null ? null : stored.get(ref.entityId()), writes);
        if (outcome != null) {
            outcomes.add(outcome);
            writes.succeeded.add(record.externalId());
        }
    }

    /**
     * A record that carries the id PartnerSync wrote on it, but whose CRM id is not linked yet
     * (the poll read our write before the relay recorded it, or the relay died in between), is
     * that canonical record, never a new one.
     */
    private void adoptOwnWrites(Map<String, ExternalRef> known) {
        Map<String, UUID> unlinked = new LinkedHashMap<>();
        ownIds.forEach((externalId, own) -> {
            if (!known.containsKey(externalId) && records.containsKey(externalId) && !unlinked.containsValue(own)) {
                unlinked.put(externalId, own);
            }
        });
        if (unlinked.isEmpty()) {
            return;
        }
        Set<UUID> existing = store.canonical().findByIds(type, unlinked.values()).keySet();
        // read after the refs: the relay may have linked this very record since (it confirmed our
        // write meanwhile), which is no reason to take it for another record
        Map<UUID, String> linked = store.refs().findExternalIds(connector.name(), type, existing);
        unlinked.forEach((externalId, own) -> {
            if (existing.contains(own) && (!linked.containsKey(own) || linked.get(own).equals(externalId))) {
                known.put(externalId, new ExternalRef(connector.name(), type, externalId, own, null, null, null));
            }
        });
    }

    private boolean ours(ExternalRef ref, String fingerprint) {
        return ref.wrote(fingerprint) || sent.getOrDefault(ref.entityId(), List.of()).contains(fingerprint);
    }

    private UUID ownId(Map<String, Object> record) {
        Object value = RecordMapper.valueAt(record, ownIdPath);
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.toString().trim());
        } catch (IllegalArgumentException e) {
            return null; // not one of ours: an admin's or another tool's value in that field
        }
    }

    /** What to do with one record; {@code null} when it was kept as a failure. */
    private RecordOutcome decide(MappedRecord record, ExternalRef ref, StoredRecord current, PageWrites writes) {
        String id = record.externalId();
        if (ref != null && isOlder(record.modifiedAt(), ref.sourceModifiedAt())) {
            return new RecordOutcome(id, Outcome.STALE, ref.entityId());
        }
        if (ref != null && !record.deleted() && ours(ref, Fingerprints.of(mapping, record.fields()))) {
            // a version we wrote, read back late or before (or without) the relay recording it
            writes.echoes.add(ref.seen(record.modifiedAt(), ContentHash.of(record.fields())));
            return new RecordOutcome(id, Outcome.ECHO, ref.entityId());
        }
        if (record.deleted()) {
            return archive(record, ref, current, writes);
        }
        String seenHash = seenHash(record);
        if (ref != null && seenHash.equals(ref.lastSeenHash())) {
            return new RecordOutcome(id, Outcome.UNCHANGED, ref.entityId());
        }
        return upsert(record, ref, current, seenHash, writes);
    }

    /**
     * Every lock the entity's steps need for this page's changes, taken at once before the first
     * change is applied (in one order: pages never wait for each other in a circle).
     */
    private void takeLocks(Map<String, ExternalRef> known, Map<UUID, StoredRecord> stored) {
        List<DomainStep<CanonicalRecord>> mine = steps.of(type);
        if (mine.isEmpty()) {
            return;
        }
        Set<String> names = new TreeSet<>();
        for (MappedRecord record : records.values()) {
            ExternalRef ref = known.get(record.externalId());
            if (record.deleted() || ref != null && (isOlder(record.modifiedAt(), ref.sourceModifiedAt())
                    || seenHash(record).equals(ref.lastSeenHash()))) {
                continue; // archived, stale or unchanged: no step sees it
            }
            StoredRecord current = ref == null ? null : stored.get(ref.entityId());
            Map<String, Object> merged = merge(record, current);
            Change<CanonicalRecord> change = change(record, ref == null ? null : ref.entityId(), current, merged);
            if (change != null) {
                // kept for upsert: each change is merged and typed once
                prepared.put(record.externalId(), new Prepared(merged, change));
                mine.forEach(step -> names.addAll(step.locks(change)));
            }
        }
        store.locks().lock(names);
    }

    /** The change as the steps see it, typed; {@code null} when {@code after} is not a valid record (it fails later, named). */
    private Change<CanonicalRecord> change(MappedRecord record, UUID entityId, StoredRecord current, Map<String, Object> after) {
        try {
            CanonicalRecord afterRecord = CanonicalFields.fromMap(type, after);
            CanonicalRecord before = current == null ? null : CanonicalFields.fromMap(type, current.fields());
            return new Change<>(new Change.Source(connector.name(), connector.role(), connector.partner()), entityId, record.externalId(),
                    before, afterRecord, Suppliers.memoize(() -> {
                        Map<String, Object> crm = new LinkedHashMap<>(after);
                        crm.putAll(record.fields());
                        try {
                            return CanonicalFields.fromMap(type, crm);
                        } catch (InvalidRecordException e) {
                            return afterRecord; // a CRM value the merge did not take (a vendor-wins field) that does not fit either
                        }
                    }));
        } catch (InvalidRecordException e) {
            return null;
        }
    }

    private RecordOutcome archive(MappedRecord record, ExternalRef ref, StoredRecord current, PageWrites writes) {
        if (current != null && current.archivedAt() == null) {
            Optional<String> refused = refusedArchive(current);
            if (refused.isPresent()) {
                fail(record.externalId(), raw.get(record.externalId()), FailureCategory.VALIDATION, refused.get());
                return null;
            }
            StoredRecord archived = new StoredRecord(current.id(), current.fields(), current.contentHash(),
                    newest(current.sourceModifiedAt(), record.modifiedAt()), current.version(), Instant.now());
            writes.updates.add(archived);
            writes.enqueue(archived, OutboxEntry.Operation.ARCHIVE);
            writes.refs.add(ref.seen(record.modifiedAt(), "deleted"));
        }
        return new RecordOutcome(record.externalId(), Outcome.ARCHIVED, ref == null ? null : ref.entityId());
    }

    private Optional<String> refusedArchive(StoredRecord current) {
        return steps.refusedArchive(type, current);
    }

    private String seenHash(MappedRecord record) {
        return seenHashes.computeIfAbsent(record.externalId(), id -> ContentHash.of(record.fields()));
    }

    private Map<String, Object> merge(MappedRecord record, StoredRecord current) {
        return SyncRules.merge(current == null ? null : current.fields(), record.fields(), mapping.fields(),
                connector.role() == ConnectorRole.VENDOR, record.modifiedAt(), current == null ? null : current.sourceModifiedAt());
    }

    private RecordOutcome upsert(MappedRecord record, ExternalRef ref, StoredRecord current, String seenHash, PageWrites writes) {
        String id = record.externalId();
        Prepared ready = prepared.get(id);
        Map<String, Object> merged = ready != null ? ready.merged() : merge(record, current);
        Map<String, Object> fields;
        try {
            fields = CanonicalFields.toMap(ready != null ? ready.change().after() : CanonicalFields.fromMap(type, merged));
        } catch (InvalidRecordException e) {
            fail(id, raw.get(id), FailureCategory.VALIDATION, type.key() + " " + e.getMessage() + " (" + mapping.source() + ")");
            return null;
        }
        UUID entityId = current == null ? IDS.generate() : current.id();
        boolean writeBack = false;
        List<DomainStep<CanonicalRecord>> mine = steps.of(type);
        Change<CanonicalRecord> change = mine.isEmpty() ? null : ready != null ? ready.change().withId(entityId)
                : change(record, entityId, current, fields);
        if (change != null) {
            for (DomainStep<CanonicalRecord> step : mine) {
                Effects<CanonicalRecord> effects = step.apply(change);
                steps.write(effects.rows());
                change = change.withAfter(effects.record());
                for (Effects.Outbound operation : effects.outbound()) {
                    if (operation instanceof Effects.WriteBack) {
                        writeBack = true;
                    } else if (operation instanceof Effects.Withdraw withdraw) {
                        writes.withdrawals.add(withdraw.connector());
                    }
                }
                writes.creates.addAll(effects.creates());
                effects.audit().forEach(event -> writes.audits.add(new PageWrites.Audited(entityId, event)));
            }
            fields = CanonicalFields.toMap(change.after());
        }
        String contentHash = ContentHash.of(fields);
        for (String from : writes.withdrawals) {
            writes.entries.add(new OutboxEntry(from, type, entityId, OutboxEntry.Operation.WITHDRAW, contentHash, 0));
        }
        writes.withdrawals.clear();
        writes.refs.add(new ExternalRef(connector.name(), type, id, entityId, newest(ref == null ? null : ref.sourceModifiedAt(), record.modifiedAt()),
                seenHash, ref == null ? null : ref.lastWrittenHash()));
        if (current != null && contentHash.equals(current.contentHash()) && current.archivedAt() == null) {
            if (writeBack) {
                // the rule kept the stored state against what the CRM sent (a decision edited in the wrong place): put it back
                writes.entries.add(new OutboxEntry(connector.name(), type, entityId, OutboxEntry.Operation.DECISION, contentHash, 0));
            }
            return new RecordOutcome(id, Outcome.UNCHANGED, entityId);
        }
        Instant modifiedAt = newest(current == null ? null : current.sourceModifiedAt(), record.modifiedAt());
        StoredRecord row = new StoredRecord(entityId, fields, contentHash, modifiedAt, current == null ? 1 : current.version() + 1, null);
        (current == null ? writes.inserts : writes.updates).add(row);
        writes.enqueue(row, OutboxEntry.Operation.UPSERT);
        if (writeBack) {
            writes.entries.add(new OutboxEntry(connector.name(), type, row.id(), OutboxEntry.Operation.DECISION, row.contentHash(), 0));
        }
        return new RecordOutcome(id, current == null ? Outcome.CREATED : Outcome.UPDATED, entityId);
    }

    private List<String> referencedIds(EntityType referencedType) {
        return records.values().stream().flatMap(r -> r.references().values().stream())
                .filter(r -> r.type() == referencedType).map(MappedRecord.Reference::externalId).distinct().toList();
    }

    private UUID partnerId(String key) {
        return partnerIds.computeIfAbsent(key, store.canonical()::findPartnerIdByKey).orElse(null);
    }

    private void reject(MappedRecord record, FailureCategory category, String reason) {
        records.remove(record.externalId());
        fail(record.externalId(), raw.get(record.externalId()), category, reason);
    }

    private void fail(String externalId, Map<String, Object> record, FailureCategory category, String reason) {
        store.failures().record(connector.name(), Direction.INBOUND, type.name(), externalId, store.json(record), category, reason);
        outcomes.add(new RecordOutcome(externalId, Outcome.FAILED, null));
    }

    /** A change merged and typed once, before the page's locks were taken. */
    private record Prepared(Map<String, Object> merged, Change<CanonicalRecord> change) {
    }

    static boolean isOlder(Instant candidate, Instant reference) {
        return candidate != null && reference != null && candidate.isBefore(reference);
    }

    static Instant newest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }
}
