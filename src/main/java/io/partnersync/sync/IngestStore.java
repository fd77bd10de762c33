package io.partnersync.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.store.AuditRepository;
import io.partnersync.store.CanonicalRepository;
import io.partnersync.store.ExternalRefRepository;
import io.partnersync.store.NamedLocks;
import io.partnersync.store.OutboxRepository;
import io.partnersync.store.SyncFailureRepository;
import org.springframework.stereotype.Component;

/** The tables the ingest path reads and writes in a page's transaction, together. */
@Component
record IngestStore(CanonicalRepository canonical, ExternalRefRepository refs, OutboxRepository outbox, SyncFailureRepository failures,
                   AuditRepository audit, NamedLocks locks, ObjectMapper mapper) {

    /** A parsed record as JSON, kept with its failure for the replay. */
    String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON of a parsed record", e);
        }
    }
}
