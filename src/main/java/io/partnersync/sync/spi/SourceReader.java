package io.partnersync.sync.spi;

import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.mapping.Mapping;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Reads one kind of CRM incrementally, one page per call, in the pull style of Kafka Connect's
 * {@code SourceTask.poll()}: the engine says where to read from, the reader answers with records and
 * how to go on, and the engine keeps the place (the checkpoint saved with each page, the look-back
 * sweeps, the resumption after a failure). A reader keeps no state between calls and stores nothing.
 * Its failures are exceptions (a {@link CategorizedException} when the CRM answered with an error); the
 * engine keeps them on the connector's health and tries again at the next poll.
 */
public interface SourceReader {

    /**
     * One page of {@code entity}, in order of modification time (then id), starting at
     * {@code position}.
     */
    Page read(ConnectorProperties connector, Mapping mapping, Position position);

    /** Reads these records again now (an operator's resync); returns them as the CRM holds them. */
    List<Map<String, Object>> readByIds(ConnectorProperties connector, EntityType entity, List<String> ids);

    /** Calls the CRM with the connector's credentials; returns what it answered, in a few words. */
    String testConnection(ConnectorProperties connector);

    /**
     * Where to read. The first page of a read has no {@code continuation}: it starts at
     * {@code from} (inclusive) or, when {@code afterTimestamp} is set, after that record (a CRM that
     * cannot order by id as well re-reads that instant; the engine absorbs the repeat). Later pages
     * pass back the reader's own continuation.
     *
     * @param changesSince for a reader of a change stream (Dataverse's delta links): where the last
     *     complete read left it ({@link Page#changesFrom}), which the engine keeps; {@code null} before
     *     the first complete read. Such a reader reads what changed since then and ignores the times.
     */
    record Position(Instant from, Instant afterTimestamp, String afterId, String continuation, String changesSince) {

        public Position(Instant from, Instant afterTimestamp, String afterId, String continuation) {
            this(from, afterTimestamp, afterId, continuation, null);
        }

        public static Position from(Instant from) {
            return new Position(from, null, null, null);
        }

        public static Position after(Instant timestamp, String id) {
            return new Position(null, timestamp, id, null);
        }

        public Position next(String continuation) {
            return new Position(from, afterTimestamp, afterId, continuation, changesSince);
        }

        /** The same position, for a change stream that stands at {@code token}. */
        public Position changesSince(String token) {
            return new Position(from, afterTimestamp, afterId, continuation, token);
        }
    }

    /**
     * One page.
     *
     * @param records as the CRM sent them (parsed JSON), in read order
     * @param lastModified the modification time of the last record, {@code null} for an empty page
     * @param lastId the id of the last record
     * @param continuation how to read the next page, {@code null} when this was the last
     * @param newQuery whether this page began a new query (a search window of its own), for counting calls
     * @param changesFrom on the last page of a change stream's read: where the next read starts (a
     *     delta link), which the engine keeps once the read is complete; {@code null} otherwise
     */
    record Page(List<Map<String, Object>> records, Instant lastModified, String lastId, String continuation, boolean newQuery, String changesFrom) {

        public Page(List<Map<String, Object>> records, Instant lastModified, String lastId, String continuation, boolean newQuery) {
            this(records, lastModified, lastId, continuation, newQuery, null);
        }

        public static Page empty() {
            return new Page(List.of(), null, null, null, false);
        }
    }
}
