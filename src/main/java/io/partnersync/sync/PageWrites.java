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
import java.util.EnumMap;
import java.util.Set;

/**
 * Everything one page (or one record of it) writes, collected so that each table gets one
 * statement per page: canonical rows, external refs, outbox entries, records the domain steps
 * create, their audit events, and the failures the page's records resolve. Not thread-safe.
 */
final class PageWrites {
    private final IngestStore store;
    private final String connector;
    private final EntityType type;
    private final OutboxRouting routing;
    final List<StoredRecord> inserts = new ArrayList<>();
    final List<StoredRecord> updates = new ArrayList<>();
    final List<ExternalRef> refs = new ArrayList<>();
    final List<ExternalRef> echoes = new ArrayList<>();
    final List<OutboxEntry> entries = new ArrayList<>();
    final List<String> succeeded = new ArrayList<>();
    final List<String> withdrawals = new ArrayList<>();
    final List<Effects.Create> creates = new ArrayList<>();
    final List<Audited> audits = new ArrayList<>();

    PageWrites(IngestStore store, String connector, EntityType type, OutboxRouting routing) {
        this.store = store;
        this.connector = connector;
        this.type = type;
        this.routing = routing;
    }

    void enqueue(StoredRecord row, OutboxEntry.Operation operation) {
        for (ConnectorProperties target : routing.targets(connector, type, row.fields())) {
            entries.add(new OutboxEntry(target.name(), type, row.id(), operation, row.contentHash(), 0));
        }
    }

    void flush() {
        store.canonical().insert(type, inserts);
        store.canonical().update(type, updates);
        store.refs().upsert(refs, true);
        store.refs().upsert(echoes, false);
        create();
        store.outbox().enqueue(connector, entries);
        for (Audited event : audits) {
            store.audit().appendDecision(event.event().actor(), type, event.entityId(), event.event().action(), event.event().reason(),
                    event.event().rule(), event.event().detail());
        }
        store.failures().resolve(connector, Direction.INBOUND, type.name(), succeeded, "ingested");
    }

    /** Records the steps create, each once: an id already in the store (a replay, another instance) is left as it is. */
    private void create() {
        Map<EntityType, List<Effects.Create>> byType = new EnumMap<>(EntityType.class);
        creates.forEach(c -> byType.computeIfAbsent(c.type(), t -> new ArrayList<>()).add(c));
        for (var group : byType.entrySet()) {
            Set<UUID> existing = store.canonical().findByIds(group.getKey(), group.getValue().stream().map(Effects.Create::id).toList()).keySet();
            List<StoredRecord> rows = new ArrayList<>();
            for (Effects.Create create : group.getValue()) {
                if (existing.contains(create.id()) || rows.stream().anyMatch(r -> r.id().equals(create.id()))) {
                    continue;
                }
                Map<String, Object> fields = CanonicalFields.toMap(create.record());
                StoredRecord row = new StoredRecord(create.id(), fields, ContentHash.of(fields), Instant.now(), 1, null);
                rows.add(row);
                for (ConnectorProperties target : routing.targets(null, group.getKey(), fields)) {
                    entries.add(new OutboxEntry(target.name(), group.getKey(), row.id(), OutboxEntry.Operation.UPSERT, row.contentHash(), 0));
                }
            }
            store.canonical().insert(group.getKey(), rows);
        }
    }

    /** An audit event of a step, with the record it is about. */
    record Audited(UUID entityId, Effects.Audit event) {
    }
}
