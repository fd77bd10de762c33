package io.partnersync.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.canonical.EntityType;
import io.partnersync.store.IngestResult;
import io.partnersync.store.IngestService;
import io.partnersync.store.SyncFailure;
import io.partnersync.store.SyncFailureRepository;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Replays a kept inbound failure through the same ingest path it failed on. Safe to repeat: the
 * ingest path is idempotent, a success closes the failure, and another failure counts an attempt
 * on the same row.
 */
@Service
public class FailureReplay {

    private final SyncFailureRepository failures;
    private final IngestService ingest;
    private final ObjectMapper json;

    FailureReplay(SyncFailureRepository failures, IngestService ingest, ObjectMapper json) {
        this.failures = failures;
        this.ingest = ingest;
        this.json = json;
    }

    /** @throws ReplayRefusedException when the failure is unknown, already resolved or cannot be replayed */
    public IngestResult.RecordOutcome replay(long failureId) {
        SyncFailure failure = failures.find(failureId)
                .orElseThrow(() -> new ReplayRefusedException(404, "no sync failure with id " + failureId));
        if (failure.resolvedAt() != null) {
            throw new ReplayRefusedException(409, "sync failure " + failureId + " was already resolved (" + failure.resolution() + ")");
        }
        if (failure.direction() != SyncFailure.Direction.INBOUND) {
            throw new ReplayRefusedException(409, "sync failure " + failureId + " is outbound; outbound failures are retried from the outbox");
        }
        EntityType type = EntityType.fromKey(failure.entityType().toLowerCase(java.util.Locale.ROOT))
                .orElseThrow(() -> new ReplayRefusedException(409, "sync failure " + failureId + " has no known entity type ('" + failure.entityType() + "')"));
        Map<String, Object> record;
        try {
            record = json.readValue(failure.payload(), new TypeReference<>() { });
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ReplayRefusedException(409, "sync failure " + failureId + " has no JSON record to replay: " + e.getMessage());
        }
        List<IngestResult.RecordOutcome> outcomes = ingest.ingest(failure.connector(), type, List.of(record), null).outcomes();
        return outcomes.get(0);
    }

    /** Why a replay was refused, with the HTTP status that says so. */
    public static class ReplayRefusedException extends RuntimeException {
        private final int status;

        ReplayRefusedException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
