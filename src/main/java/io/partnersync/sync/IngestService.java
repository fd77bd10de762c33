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
import io.partnersync.config.Connectors;
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
import java.util.Locale;

/**
 * The one ingest path every connector calls with a page of CRM records: map each record to
 * canonical, resolve ids and references, merge by the fields' sync rules, upsert, and queue outbox
 * rows for the other connectors, all in one transaction together with the page's checkpoint.
 *
 * <p>Idempotent: the same record again (same content), a record older than what this connector
 * already delivered, and our own write coming back (an echo) change nothing and queue nothing.
 * A record that cannot be processed is kept as a sync failure with its category and reason; the
 * rest of the page goes on. The entity's {@link DomainStep}s (governance and the like) see each
 * change and their {@link Effects} are applied in the same transaction. Works set-wise (a few statements per page, not per record) so a page
 * of 2,000 costs about as much as a handful of round trips.
 */
@Service
public class IngestService {

    private final Connectors connectors;
    private final ConnectorKinds kinds;
    private final MappingRegistry mappings;
    private final IngestStore store;
    private final DomainSteps steps;
    private final CheckpointRepository checkpoints;
    private final MeterRegistry meters;

    public IngestService(Connectors connectors, ConnectorKinds kinds, MappingRegistry mappings, IngestStore store, DomainSteps steps,
                         CheckpointRepository checkpoints, MeterRegistry meters) {
        this.connectors = connectors;
        this.kinds = kinds;
        this.mappings = mappings;
        this.store = store;
        this.steps = steps;
        this.checkpoints = checkpoints;
        this.meters = meters;
    }

    /**
     * Ingests one page of raw CRM records (parsed JSON) read from {@code connectorName}.
     *
     * @param checkpoint saved with the page when not {@code null}
     */
    @Transactional
    public IngestResult ingest(String connectorName, EntityType type, List<Map<String, Object>> rawRecords, Checkpoint checkpoint) {
        ConnectorProperties connector = connectors.find(connectorName)
                .orElseThrow(() -> new IllegalArgumentException("no connector named '" + connectorName + "' is configured"));
        // One page of one source at a time, across instances: two reads of the same CRM record (a
        // poll and a webhook, or two instances) then never both see it as new.
        store.refs().lockSource(connectorName, type);
        IngestPage page = new IngestPage(store, steps, connectors.all(), connector, type, mappings.mapping(connectorName, type),
                kinds.ownIdPath(connector));
        page.read(rawRecords);
        page.resolveReferences();
        page.apply();
        if (checkpoint != null) {
            checkpoints.save(connectorName, type, checkpoint);
        }
        IngestResult result = new IngestResult(page.outcomes());
        for (Outcome outcome : Outcome.values()) {
            long count = result.count(outcome);
            if (count > 0) {
                meters.counter("partnersync.ingest.records", "connector", connectorName, "entity", type.key(), "outcome", outcome.name().toLowerCase(Locale.ROOT))
                        .increment(count);
            }
        }
        return result;
    }
}
