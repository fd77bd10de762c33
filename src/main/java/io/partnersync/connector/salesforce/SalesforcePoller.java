package io.partnersync.connector.salesforce;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.ConnectorProperties.ConnectorType;
import io.partnersync.config.PartnerSyncProperties;
import io.partnersync.connector.DuePolls;
import io.partnersync.connector.PollWindow;
import io.partnersync.mapping.Mapping;
import io.partnersync.mapping.MappingRegistry;
import io.partnersync.ops.ConnectorStates;
import io.partnersync.store.Checkpoint;
import io.partnersync.store.CheckpointRepository;
import io.partnersync.sync.spi.PageSink;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Incremental read of a Salesforce connector's entities: {@code queryAll} (so deletions are seen,
 * with {@code IsDeleted}) from where the {@link PollWindow} says (strictly after the cursor, or
 * from the watermark the look-back needs), following {@code nextRecordsUrl} page by page; each page
 * is ingested together with its checkpoint in one transaction, so a stop between pages loses
 * nothing, and the next read resumes at the cursor.
 * Polling is non-urgent work: it pauses when the org's API usage passes the configured share.
 */
@Component("salesforcePoller")
public class SalesforcePoller {

    /** How a read ended, for logs and tests. */
    /** @param failed records of the read that were kept as failures */
    public record PollResult(int pages, int records, Optional<String> skippedBecause, int failed) {
    }

    private final PartnerSyncProperties properties;
    private final MappingRegistry mappings;
    private final CheckpointRepository checkpoints;
    private final PageSink ingest;
    private final SalesforceApi api;
    private final SalesforceLimits limits;
    private final ConnectorStates states;
    private final ObjectMapper json;
    private final DuePolls due;

    SalesforcePoller(PartnerSyncProperties properties, MappingRegistry mappings, CheckpointRepository checkpoints, PageSink ingest,
                     SalesforceApi api, SalesforceLimits limits, ConnectorStates states, ObjectMapper json, io.partnersync.connector.DuePolls due) {
        this.properties = properties;
        this.mappings = mappings;
        this.checkpoints = checkpoints;
        this.ingest = ingest;
        this.api = api;
        this.limits = limits;
        this.states = states;
        this.json = json;
        this.due = due;
    }

    /**
     * Polls every entity of every enabled Salesforce connector whose poll interval has passed; one
     * connector's trouble does not stop the others.
     */
    public void pollAll() {
        due.run(ConnectorType.SALESFORCE, (connector, entity) -> {
            PollResult read = poll(connector.name(), entity);
            return new io.partnersync.connector.DuePolls.Read(read.records(), read.failed(), read.skippedBecause().isPresent());
        });
    }

    public PollResult poll(String connectorName, EntityType entity) {
        ConnectorProperties connector = properties.connector(connectorName).orElseThrow();
        Optional<String> pause = limits.pauseReason(connectorName, connector.salesforce().quotaStopShare());
        if (pause.isPresent()) {
            states.report(connectorName, true, pause.get());
            return new PollResult(0, 0, pause, 0);
        }
        Mapping mapping = mappings.mapping(connectorName, entity);
        PollWindow window = PollWindow.open(checkpoints.find(connectorName, entity).orElse(null), java.time.Instant.now(),
                connector.salesforce().lookBack());
        String soql = SoqlQuery.incremental(mapping, connector.salesforce().where().get(entity), window, connector.salesforce().upsertKey());
        Map<String, String> pageSize = Map.of("Sforce-Query-Options", "batchSize=" + Math.max(200, Math.min(2000, connector.limits().pageSize())));
        JsonNode page = api.get(connector, api.versionPath(connector) + "queryAll/?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8), pageSize);
        int pages = 0;
        int records = 0;
        int failed = 0;
        while (true) {
            List<Map<String, Object>> batch = json.convertValue(page.path("records"), new TypeReference<List<Map<String, Object>>>() { });
            if (!batch.isEmpty()) {
                var result = ingest.deliver(connectorName, entity, batch, cursorOf(mapping, batch, window));
                records += batch.size();
                failed += result == null ? batch.size() : (int) result.count(io.partnersync.store.IngestResult.Outcome.FAILED);
            }
            pages++;
            if (page.path("done").asBoolean(true) || !page.hasNonNull("nextRecordsUrl")) {
                break;
            }
            page = api.get(connector, page.path("nextRecordsUrl").asText(), pageSize);
        }
        checkpoints.save(connectorName, entity, window.completed());
        states.report(connectorName, true, "last read " + entity.key() + ": " + records + " records in " + pages + " pages"
                + limits.usage(connectorName).map(u -> "; API usage " + u.used() + "/" + u.allowed()).orElse(""));
        return new PollResult(pages, records, Optional.empty(), failed);
    }

    /** The last record of a page, in the query's (modified, Id) order. */
    private static Checkpoint cursorOf(Mapping mapping, List<Map<String, Object>> page, PollWindow window) {
        Map<String, Object> last = page.get(page.size() - 1);
        Object modified = last.get(mapping.modifiedPath());
        Object id = last.get(mapping.idPath());
        return window.page(modified == null ? null : SoqlQuery.parseDateTime(modified.toString()), id == null ? null : id.toString());
    }
}
