package io.partnersync.ops;

import io.partnersync.sync.ConnectorFailures;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.canonical.EntityType;
import io.partnersync.store.IngestResult;
import io.partnersync.store.AuditRepository;
import io.partnersync.sync.spi.PageSink;
import io.partnersync.store.OutboxRepository;
import io.partnersync.store.SyncFailure;
import io.partnersync.store.SyncFailureRepository;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import io.partnersync.security.Actors;
import java.util.Locale;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ResponseStatusException;

/**
 * Replays a kept failure. An inbound one goes through the same ingest path it failed on; an
 * outbound one is queued for its target again. Safe to repeat: the ingest path and the upserts are
 * idempotent, a success closes the failure, and another failure counts an attempt on the same row.
 */
@Service
public class FailureReplay {

    private final SyncFailureRepository failures;
    private final PageSink ingest;
    private final ObjectMapper json;
    private final OutboxRepository outbox;
    private final AuditRepository audit;

    FailureReplay(SyncFailureRepository failures, PageSink ingest, ObjectMapper json, OutboxRepository outbox, AuditRepository audit) {
        this.failures = failures;
        this.ingest = ingest;
        this.json = json;
        this.outbox = outbox;
        this.audit = audit;
    }

    /** @throws ReplayRefusedException when the failure is unknown, already resolved or cannot be replayed */
    public IngestResult.RecordOutcome replay(long failureId) {
        IngestResult.RecordOutcome outcome = replayFailure(failureId);
        audit.append(Actors.current("ops-api"), null, outcome.entityId(), "failure-replayed",
                "sync failure " + failureId + " replayed: " + outcome.outcome(), null);
        return outcome;
    }

    private IngestResult.RecordOutcome replayFailure(long failureId) {
        SyncFailure failure = failures.find(failureId)
                .orElseThrow(() -> new ReplayRefusedException(404, "no sync failure with id " + failureId));
        if (failure.resolvedAt() != null) {
            throw new ReplayRefusedException(409, "sync failure " + failureId + " was already resolved (" + failure.resolution() + ")");
        }
        EntityType type = EntityType.fromKey(failure.entityType().toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new ReplayRefusedException(409, "sync failure " + failureId + " has no known entity type ('" + failure.entityType() + "')"));
        if (ConnectorFailures.isActivity(failure)) {
            throw new ReplayRefusedException(409, "sync failure " + failureId + " is a failed " + failure.externalId()
                    + " of connector " + failure.connector() + ": nothing to replay, it closes when the next one succeeds");
        }
        if (failure.direction() == SyncFailure.Direction.OUTBOUND) {
            return requeue(failure, type);
        }
        List<Map<String, Object>> records;
        boolean page;
        try {
            JsonNode payload = json.readTree(failure.payload() == null ? "" : failure.payload());
            page = payload != null && payload.isArray();
            records = page
                    ? json.convertValue(payload, new TypeReference<List<Map<String, Object>>>() { })
                    : List.of(json.convertValue(payload, new TypeReference<Map<String, Object>>() { }));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ReplayRefusedException(409, "sync failure " + failureId + " has no JSON record to replay: " + e.getMessage());
        }
        IngestResult result;
        try {
            result = ingest.deliver(failure.connector(), type, records, null);
        } catch (IllegalArgumentException e) {
            throw new ReplayRefusedException(409, "sync failure " + failureId + " cannot be replayed: " + e.getMessage());
        }
        if (result == null) {
            throw new ReplayRefusedException(409, "sync failure " + failureId + " failed again; its newest failure of connector "
                    + failure.connector() + " says why");
        }
        List<IngestResult.RecordOutcome> outcomes = result.outcomes();
        if (!page) {
            if (outcomes.isEmpty()) {
                // a step of the connector's inbound route left the record out: nothing to retry
                failures.resolve(failure.connector(), failure.direction(), failure.entityType(), List.of(failure.externalId()), "left out by the inbound route");
                return new IngestResult.RecordOutcome(failure.externalId(), IngestResult.Outcome.REPLAYED, null);
            }
            return outcomes.get(0);
        }
        // A whole page kept by a route: each record now has its own outcome (and its own failure if it failed).
        failures.resolve(failure.connector(), failure.direction(), failure.entityType(), List.of(failure.externalId()), "replayed");
        return new IngestResult.RecordOutcome(failure.externalId(), IngestResult.Outcome.REPLAYED, null);
    }

    /**
     * An outbound failure is replayed by queueing the record for its target again: the next relay
     * run writes it as it is now (after the data was fixed, or the limit has reset).
     */
    private IngestResult.RecordOutcome requeue(SyncFailure failure, EntityType type) {
        UUID entityId;
        try {
            entityId = UUID.fromString(failure.externalId());
        } catch (IllegalArgumentException e) {
            throw new ReplayRefusedException(409, "sync failure " + failure.id() + " does not name a canonical record");
        }
        if (!outbox.requeue(failure.connector(), type, entityId)) {
            throw new ReplayRefusedException(409, "sync failure " + failure.id() + ": nothing is waiting to be written to " + failure.connector()
                    + " for this record any more");
        }
        return new IngestResult.RecordOutcome(failure.externalId(), IngestResult.Outcome.QUEUED, entityId);
    }

    /** Why a replay was refused ({@link #getReason()}), with the HTTP status that says so; answered as problem details like every API error. */
    public static class ReplayRefusedException extends ResponseStatusException {

        ReplayRefusedException(int status, String reason) {
            super(HttpStatusCode.valueOf(status), reason);
        }
    }
}
