package io.partnersync.store;

import java.util.List;
import java.util.UUID;

/** What one ingested page did, record by record. */
public record IngestResult(List<RecordOutcome> outcomes) {

    public enum Outcome {
        CREATED, UPDATED, ARCHIVED,
        /** Same content as the store already has from this connector: nothing written. */
        UNCHANGED,
        /** Older than the version this connector already delivered: ignored. */
        STALE,
        /** Our own write coming back: nothing written, nothing queued. */
        ECHO,
        /** Kept as a sync failure. */
        FAILED,
        /** An outbound failure replayed: queued to be written again. */
        QUEUED,
        /** A page kept by a route went through the ingest path again; each record has its own outcome. */
        REPLAYED
    }

    /** @param entityId the canonical id, {@code null} for a failed record */
    public record RecordOutcome(String externalId, Outcome outcome, UUID entityId) {
    }

    public long count(Outcome outcome) {
        return outcomes.stream().filter(o -> o.outcome() == outcome).count();
    }
}
