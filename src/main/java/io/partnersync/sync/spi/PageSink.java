package io.partnersync.sync.spi;

import io.partnersync.canonical.EntityType;
import io.partnersync.store.Checkpoint;
import io.partnersync.store.IngestResult;
import java.util.List;
import java.util.Map;

/**
 * Where a connector's reader hands what it read, like Kafka Connect's {@code SourceTask.poll()}
 * result: a page of CRM records (parsed JSON) with the checkpoint that says where the read stands
 * after it. The engine passes the page through the connector's inbound route and stores records and
 * checkpoint in one transaction, or neither.
 */
public interface PageSink {

    /**
     * @param checkpoint saved with the page; {@code null} for pages that are not part of an
     *     incremental read (a webhook's batch read, a replay)
     * @return what became of each record that reached the store, or {@code null} when the page was
     *     kept as a sync failure by the route's error policy
     */
    IngestResult deliver(String connector, EntityType entity, List<Map<String, Object>> records, Checkpoint checkpoint);

    /**
     * Runs an incremental read of {@code entity} now, as a poll would (a change stream reported a
     * gap), on this thread; its pages come back here.
     */
    void readNow(String connector, EntityType entity);
}
