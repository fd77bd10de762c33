package io.partnersync.sync;

import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.PartnerSyncProperties;
import io.partnersync.sync.spi.ConnectorWriter;
import io.partnersync.sync.spi.ConnectorWriter.Failed;
import io.partnersync.sync.spi.ConnectorWriter.OutboundRecord;
import io.partnersync.sync.spi.ConnectorWriter.WriteResult;
import io.partnersync.sync.spi.ConnectorWriter.Written;
import io.partnersync.mapping.Fingerprints;
import io.partnersync.mapping.Mapping;
import io.partnersync.mapping.MappingRegistry;
import io.partnersync.mapping.OutboundMapper;
import io.partnersync.ops.ConnectorFailures;
import io.partnersync.ops.ConnectorStates;
import io.partnersync.store.CanonicalRepository;
import io.partnersync.store.ExternalRefRepository;
import io.partnersync.store.OutboxEntry;
import io.partnersync.store.OutboxRepository;
import io.partnersync.store.StoredRecord;
import io.partnersync.store.SyncFailure.Direction;
import io.partnersync.store.SyncFailureRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers the outbox: per target connector, takes what is due, reads each record as it is now,
 * maps it for the target CRM and hands batches to that connector's outbound route, which ends in its
 * CRM's {@link ConnectorWriter}. A confirmed
 * write records the CRM's id and the written fingerprint (so the echo is recognized) and clears
 * the entry; a failure is retried with backoff or parked and kept as an outbound sync failure.
 */
@Component("outboxRelay")
public class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final PartnerSyncProperties properties;
    private final ConnectorKinds kinds;
    private final MappingRegistry mappings;
    private final OutboxRepository outbox;
    private final CanonicalRepository canonical;
    private final ExternalRefRepository refs;
    private final SyncFailureRepository failures;
    private final TransactionTemplate transaction;
    private final ConnectorStates states;
    private final Leases leases;
    private final ConnectorWork work;
    private final boolean wakeOnCommit;
    private final OutboundBatches batches;
    private final ConnectorFailures connectorFailures;

    OutboxRelay(PartnerSyncProperties properties, ConnectorKinds kinds, MappingRegistry mappings, OutboxRepository outbox,
                CanonicalRepository canonical, ExternalRefRepository refs, SyncFailureRepository failures, TransactionTemplate transaction,
                ConnectorStates states, Leases leases, ConnectorWork work, OutboundBatches batches, ConnectorFailures connectorFailures,
                io.partnersync.ops.SyncActivity activity, @org.springframework.beans.factory.annotation.Value("${partnersync.relay.enabled:true}") boolean wakeOnCommit) {
        this.wakeOnCommit = wakeOnCommit;
        this.activity = activity;
        this.batches = batches;
        this.connectorFailures = connectorFailures;
        this.leases = leases;
        this.work = work;
        this.properties = properties;
        this.kinds = kinds;
        this.mappings = mappings;
        this.outbox = outbox;
        this.canonical = canonical;
        this.refs = refs;
        this.failures = failures;
        this.transaction = transaction;
        this.states = states;
    }

    /**
     * Starts a relay for every enabled connector that has a writer, each on its own thread of
     * {@link ConnectorWork} and returns; one connector's trouble or slowness does not hold back the
     * others. A relay asked for while one runs follows right after it.
     */
    public void relayAll() {
        for (ConnectorProperties connector : properties.connectors()) {
            if (connector.enabled() && kinds.find(connector.type()).isPresent() && !states.isStopped(connector.name())) {
                work.submit("relay:" + connector.name(), true, () -> relayLeased(connector));
            }
        }
    }

    /**
     * Wakes the relay of each target as soon as the transaction that queued its writes commits, so a
     * change reaches the other CRMs without waiting for the timer (which stays as the safety net).
     * Off with the relay timer ({@code partnersync.relay.enabled=false}).
     */
    @org.springframework.transaction.event.TransactionalEventListener(fallbackExecution = true)
    void onQueued(io.partnersync.store.OutboxQueued queued) {
        if (!wakeOnCommit) {
            return;
        }
        for (String target : queued.targets()) {
            properties.connector(target).filter(c -> c.enabled() && kinds.find(c.type()).isPresent() && !states.isStopped(c.name()))
                    .ifPresent(c -> work.submit("relay:" + c.name(), true, () -> relayLeased(c)));
        }
    }

    private final io.partnersync.ops.SyncActivity activity;

    private void relayLeased(ConnectorProperties connector) {
        try {
            // one instance writes a connector's outbox at a time: each entry is written once
            leases.runExclusively("relay:" + connector.name(), Duration.ZERO, () -> {
                org.slf4j.MDC.put("connector", connector.name());
                org.slf4j.MDC.put("run", "relay-" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & 0xffffffL));
                try {
                    long started = System.nanoTime();
                    int written = relay(connector.name());
                    activity.timeRelay(connector.name(), Duration.ofNanos(System.nanoTime() - started));
                    if (written > 0) {
                        log.info("Relay to {}: {} records written in {} ms", connector.name(), written, (System.nanoTime() - started) / 1_000_000);
                    }
                } finally {
                    org.slf4j.MDC.remove("connector");
                    org.slf4j.MDC.remove("run");
                }
            });
        } catch (RuntimeException e) {
            log.warn("Outbox relay to {} failed: {}", connector.name(), e.getMessage());
        }
    }

    /** @return how many records were written */
    public int relay(String connectorName) {
        ConnectorProperties connector = properties.connector(connectorName).orElseThrow();
        ConnectorWriter writer = kinds.of(connector).writer();
        List<OutboxEntry> due = outbox.due(connectorName, writer.maxRecordsPerRun(connector));
        int written = 0;
        Map<EntityType, List<OutboxEntry>> byType = due.stream().collect(Collectors.groupingBy(OutboxEntry::entityType, LinkedHashMap::new, Collectors.toList()));
        for (var group : byType.entrySet()) {
            try {
                int delivered = deliver(connector, writer, mappings.mapping(connectorName, group.getKey()), group.getValue());
                activity.written(connectorName, group.getKey().key(), delivered);
                written += delivered;
                connectorFailures.succeeded(connectorName, group.getKey(), ConnectorFailures.Activity.RELAY);
            } catch (RuntimeException e) {
                // the batch as a whole failed (the CRM unreachable after the client's retries): kept as the
                // connector's relay failure, and every entry of it waits with backoff, none is parked
                connectorFailures.failed(connectorName, group.getKey(), ConnectorFailures.Activity.RELAY, e);
                String reason = "batch failed: " + e.getMessage();
                group.getValue().forEach(entry -> outbox.retryLater(entry, reason, backoff(entry.attempts())));
            }
        }
        return written;
    }

    /** The fields the vendor side decides (sync rule vendor-wins): all a decision write-back touches. */
    private static Map<String, Object> decisionOnly(Mapping mapping, Map<String, Object> crmFields) {
        java.util.Set<String> decided = mapping.fields().values().stream()
                .filter(f -> f.sync() == io.partnersync.mapping.SyncRule.VENDOR_WINS && f.from() != null)
                .map(io.partnersync.mapping.FieldMapping::from).collect(Collectors.toSet());
        Map<String, Object> only = new LinkedHashMap<>(crmFields);
        only.keySet().retainAll(decided);
        return only;
    }

    private int deliver(ConnectorProperties connector, ConnectorWriter writer, Mapping mapping, List<OutboxEntry> batch) {
        EntityType type = mapping.entity();
        Map<UUID, StoredRecord> rows = canonical.findByIds(type, batch.stream().map(OutboxEntry::entityId).toList());
        ExternalIds externalIds = new ExternalIds(connector.name(), mapping, type, rows.values());
        List<OutboundRecord> records = new ArrayList<>();
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
                records.add(new OutboundRecord(entry, row.fields(), new LinkedHashMap<>(mapping.archiveMarks()), externalId));
                continue;
            }
            Map<String, Object> crmFields = OutboundMapper.toCrm(mapping, row.fields(), externalIds::of);
            if (entry.operation() == OutboxEntry.Operation.DECISION && externalId != null) {
                crmFields = decisionOnly(mapping, crmFields);
            }
            records.add(new OutboundRecord(entry, row.fields(), crmFields, externalId));
        }
        if (records.isEmpty()) {
            return 0;
        }
        // write-ahead: a kill between the CRM's answer and recording it still knows this version as ours
        outbox.markSent(records.stream().map(OutboundRecord::entry).toList(),
                records.stream().map(r -> Fingerprints.of(mapping, r.fields())).toList());
        int written = 0;
        for (WriteResult result : batches.send(connector, type, records)) {
            OutboxEntry entry = result.entry();
            if (result instanceof Written ok) {
                Map<String, Object> fields = rows.get(entry.entityId()).fields();
                transaction.executeWithoutResult(status -> {
                    refs.recordWrite(connector.name(), type, ok.externalId(), entry.entityId(), Fingerprints.of(mapping, fields));
                    outbox.markDelivered(entry);
                    failures.resolve(connector.name(), Direction.OUTBOUND, type.name(), List.of(entry.entityId().toString()), "written");
                });
                written++;
            } else if (result instanceof Failed failed) {
                String reason = failed.reason();
                failures.record(connector.name(), Direction.OUTBOUND, type.name(), entry.entityId().toString(),
                        null, failed.category(), reason);
                int maxAttempts = connector.limits().maxAttempts();
                if (failed.retry() && (maxAttempts == 0 || entry.attempts() + 1 < maxAttempts)) {
                    outbox.retryLater(entry, reason, backoff(entry.attempts()));
                } else {
                    outbox.park(entry, reason);
                }
            }
        }
        return written;
    }

    /** The target connector's ids of the records being written and of the records they refer to, read set-wise. */
    private final class ExternalIds {
        private final Map<EntityType, Map<UUID, String>> byType = new java.util.EnumMap<>(EntityType.class);

        ExternalIds(String connector, Mapping mapping, EntityType type, java.util.Collection<StoredRecord> rows) {
            Map<EntityType, java.util.Set<UUID>> wanted = new java.util.EnumMap<>(EntityType.class);
            wanted.computeIfAbsent(type, t -> new java.util.HashSet<>()).addAll(rows.stream().map(StoredRecord::id).toList());
            for (var field : mapping.fields().values()) {
                if (field.ref() != null) {
                    rows.forEach(row -> {
                        if (row.fields().get(field.target()) instanceof UUID id) {
                            wanted.computeIfAbsent(field.ref(), t -> new java.util.HashSet<>()).add(id);
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

    /** 5, 10, 20, 40 ... seconds, at most 5 minutes: a CRM that is back is written again soon. */
    static Duration backoff(int attempts) {
        return Duration.ofSeconds(Math.min(300, 5L << Math.min(attempts, 6)));
    }
}
