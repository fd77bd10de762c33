package io.partnersync.sync;

import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.Connectors;
import io.partnersync.mapping.Mapping;
import io.partnersync.mapping.MappingRegistry;
import io.partnersync.store.Checkpoint;
import io.partnersync.store.CheckpointRepository;
import io.partnersync.store.IngestResult;
import io.partnersync.sync.spi.ConnectorKind;
import io.partnersync.sync.spi.PageSink;
import io.partnersync.sync.spi.SourceReader;
import io.partnersync.sync.spi.SourceReader.Position;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Future;
import org.springframework.stereotype.Component;

/**
 * The engine's incremental read of one entity of one connector, for every kind: asks the kind's
 * {@link SourceReader} for page after page from where the {@link PollWindow} says, hands each page
 * to the connector's inbound route together with the checkpoint after it (saved in the page's
 * transaction), and saves the window's end when the CRM has no more. A read cut short (a 429, a
 * failed page) has saved its place with the last page that was stored; the next read resumes there.
 * A kind whose API allowance is nearly spent is not read ({@link ConnectorKind#pauseReason}).
 * Thread-safe; one read of a connector at a time is the caller's lease.
 */
@Component
public class IncrementalReads {

    /**
     * What one read did.
     *
     * @param pages pages the CRM answered, the last empty one included
     * @param queries pages that began a query of their own (a search window)
     * @param failed records kept as failures
     * @param skippedBecause why the read did not run, when it did not
     */
    public record Result(int pages, int queries, int records, int failed, Optional<String> skippedBecause) {
    }

    private final Connectors connectors;
    private final ConnectorKinds kinds;
    private final MappingRegistry mappings;
    private final CheckpointRepository checkpoints;
    private final PageSink pages;
    private final ConnectorStates states;
    private final ReadAhead ahead;

    IncrementalReads(Connectors connectors, ConnectorKinds kinds, MappingRegistry mappings, CheckpointRepository checkpoints,
                     PageSink pages, ConnectorStates states, ReadAhead ahead) {
        this.ahead = ahead;
        this.connectors = connectors;
        this.kinds = kinds;
        this.mappings = mappings;
        this.checkpoints = checkpoints;
        this.pages = pages;
        this.states = states;
    }

    /** Reads {@code entity} of {@code connectorName} from its checkpoint to the end. */
    public Result read(String connectorName, EntityType entity) {
        ConnectorProperties connector = connectors.find(connectorName)
                .orElseThrow(() -> new IllegalArgumentException("no connector named '" + connectorName + "' is configured"));
        ConnectorKind<?> kind = kinds.of(connector);
        Optional<String> pause = kind.pauseReason(connector);
        if (pause.isPresent()) {
            states.report(connectorName, true, pause.get());
            return new Result(0, 0, 0, 0, pause);
        }
        Mapping mapping = mappings.mapping(connectorName, entity);
        PollWindow window = PollWindow.open(checkpoints.find(connectorName, entity).orElse(null), Instant.now(), kinds.lookBack(connector));
        Position position = (window.resumes() ? Position.after(window.cursor().cursorTimestamp(), window.cursor().cursorId())
                : Position.from(window.from())).changesSince(checkpoints.findReplay(connectorName, entity).map(CheckpointRepository.ReplayPosition::replayId)
                .orElse(null));
        String changesFrom = null;
        int pageCount = 0;
        int queries = 0;
        int records = 0;
        int failed = 0;
        SourceReader.Page page = kind.reader().read(connector, mapping, position);
        while (true) {
            pageCount++;
            queries += page.newQuery() ? 1 : 0;
            // the next page is asked for before this one is ingested: the CRM answers while the store
            // writes, so a backfill runs at the CRM's pace, not at the sum of both
            Future<SourceReader.Page> next = null;
            if (page.continuation() != null) {
                position = position.next(page.continuation());
                next = ahead.submit(connector, mapping, kind.reader(), position);
            }
            try {
                if (!page.records().isEmpty()) {
                    Checkpoint after = window.page(page.lastModified(), page.lastId());
                    IngestResult result = pages.deliver(connectorName, entity, page.records(), after);
                    records += page.records().size();
                    failed += result == null ? page.records().size() : (int) result.count(IngestResult.Outcome.FAILED);
                }
            } catch (RuntimeException e) {
                if (next != null) {
                    next.cancel(true); // this page is not stored: the read stops here and resumes from the last stored page
                }
                throw e;
            }
            changesFrom = page.changesFrom() != null ? page.changesFrom() : changesFrom;
            if (next == null) {
                break;
            }
            page = ReadAhead.await(next);
        }
        checkpoints.save(connectorName, entity, window.completed());
        if (changesFrom != null) {
            // after the read's last page committed: a read cut short starts again from the stream's previous place (idempotent)
            checkpoints.saveReplay(connectorName, entity, changesFrom);
        }
        return new Result(pageCount, queries, records, failed, Optional.empty());
    }
}
