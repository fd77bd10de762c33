package io.partnersync.connector.hubspot;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.PartnerSyncProperties;
import io.partnersync.connector.DuePolls;
import io.partnersync.connector.PollWindow;
import io.partnersync.mapping.FieldMapping;
import io.partnersync.mapping.Mapping;
import io.partnersync.mapping.MappingRegistry;
import io.partnersync.ops.CategorizedException;
import io.partnersync.ops.ConnectorStates;
import io.partnersync.store.CheckpointRepository;
import io.partnersync.store.FailureCategory;
import io.partnersync.sync.spi.PageSink;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Incremental read of a partner portal: CRM search on the last-modified property, ascending, 200 a
 * page, following {@code after}, from where the {@link PollWindow} says; each page is ingested with
 * its checkpoint in one transaction, and a read cut short (a 429, a failed page) resumes there.
 * HubSpot stops a search at 10,000 results
 * (https://developers.hubspot.com/docs/api/crm/search#limitations), so when a window fills up the
 * read starts a new search from the last modification time it reached, never further back: no
 * change is skipped (records at that very instant are read again, which the ingest path absorbs),
 * and more than 10,000 at one instant are paged by object id.
 */
@Component("hubspotPoller")
public class HubSpotPoller {

    static final int PAGE = 200;
    static final int SEARCH_CAP = 10_000;

    /** How a read ended. */
    /** @param failed records of the read that were kept as failures */
    public record PollResult(int searches, int pages, int records, int failed) {
    }

    private final PartnerSyncProperties properties;
    private final MappingRegistry mappings;
    private final CheckpointRepository checkpoints;
    private final PageSink ingest;
    private final HubSpotClients clients;
    private final ObjectMapper json;
    private final DuePolls due;

    HubSpotPoller(PartnerSyncProperties properties, MappingRegistry mappings, CheckpointRepository checkpoints, PageSink ingest,
                  HubSpotClients clients, ObjectMapper json, DuePolls due) {
        this.properties = properties;
        this.mappings = mappings;
        this.checkpoints = checkpoints;
        this.ingest = ingest;
        this.clients = clients;
        this.json = json;
        this.due = due;
    }

    /**
     * Polls every entity of every enabled HubSpot connector whose poll interval has passed; one
     * portal's trouble is reported on its own health and does not stop the others.
     */
    public void pollAll() {
        due.run(ConnectorProperties.ConnectorType.HUBSPOT, (connector, entity) -> {
            PollResult read = poll(connector.name(), entity);
            return new DuePolls.Read(read.records(), read.failed(), false);
        });
    }

    public PollResult poll(String connectorName, EntityType entity) {
        ConnectorProperties connector = properties.connector(connectorName).orElseThrow();
        Mapping mapping = mappings.mapping(connectorName, entity);
        PollWindow window = PollWindow.open(checkpoints.find(connectorName, entity).orElse(null), Instant.now(), connector.hubspot().lookBack());
        Read read = new Read(connector, entity, mapping, window);
        // Search sorts by one property only, so records sharing a modification time come in no set
        // order: a resumed read starts at the cursor's time (GTE) and re-reads that instant.
        Instant from = window.resumes() ? window.cursor().cursorTimestamp() : window.from();
        while (from != null) {
            from = read.window(from);
        }
        checkpoints.save(connectorName, entity, window.completed());
        return new PollResult(read.searches, read.pages, read.records, read.failed);
    }

    /** One read of one entity: its searches, the pages they return and what was ingested. */
    private final class Read {
        private final ConnectorProperties connector;
        private final EntityType entity;
        private final Mapping mapping;
        private final PollWindow window;
        private final String modified;
        private int searches;
        private int pages;
        private int records;
        private int failed;

        Read(ConnectorProperties connector, EntityType entity, Mapping mapping, PollWindow window) {
            this.connector = connector;
            this.entity = entity;
            this.mapping = mapping;
            this.window = window;
            this.modified = property(mapping.modifiedPath());
        }

        /**
         * Reads one search window from {@code from} (inclusive) to the end, following {@code after};
         * returns where the next search starts when HubSpot's 10,000-result stop ends this one, or
         * {@code null} at the end.
         */
        Instant window(Instant from) {
            String after = null;
            int inWindow = 0;
            searches++;
            while (true) {
                JsonNode page = clients.of(connector).search(mapping.object(),
                        request(List.of(filter(modified, "GTE", from.toEpochMilli())), modified, after));
                List<Map<String, Object>> batch = ingest(page);
                inWindow += batch.size();
                after = page.path("paging").path("next").path("after").asText(null);
                if (after == null || batch.isEmpty()) {
                    return null;
                }
                if (Integer.parseInt(after) + PAGE > SEARCH_CAP || inWindow >= SEARCH_CAP) {
                    Instant reached = timestampOf(batch.get(batch.size() - 1));
                    return reached.isAfter(from) ? reached : sameInstant(reached);
                }
            }
        }

        /**
         * More than 10,000 records share {@code at}: narrow to that instant and page by object id,
         * each page a new search after the last id, then go on just after it.
         */
        Instant sameInstant(Instant at) {
            long lastId = 0;
            while (true) {
                searches++;
                JsonNode page = clients.of(connector).search(mapping.object(), request(List.of(filter(modified, "EQ", at.toEpochMilli()),
                        filter("hs_object_id", "GT", lastId)), "hs_object_id", null));
                List<Map<String, Object>> batch = ingest(page);
                if (batch.size() < PAGE) {
                    return at.plusMillis(1);
                }
                lastId = Long.parseLong(String.valueOf(batch.get(batch.size() - 1).get(mapping.idPath())));
            }
        }

        private List<Map<String, Object>> ingest(JsonNode page) {
            List<Map<String, Object>> batch = json.convertValue(page.path("results"), new TypeReference<List<Map<String, Object>>>() { });
            pages++;
            if (!batch.isEmpty()) {
                Map<String, Object> last = batch.get(batch.size() - 1);
                Object id = last.get(mapping.idPath());
                var result = HubSpotPoller.this.ingest.deliver(connector.name(), entity, batch, window.page(timestampOf(last), id == null ? null : id.toString()));
                records += batch.size();
                failed += result == null ? batch.size() : (int) result.count(io.partnersync.store.IngestResult.Outcome.FAILED);
            }
            return batch;
        }

        private Instant timestampOf(Map<String, Object> record) {
            Object value = io.partnersync.mapping.RecordMapper.valueAt(record, mapping.modifiedPath());
            if (value == null) {
                throw new CategorizedException(FailureCategory.VALIDATION, "a " + mapping.object() + " record of " + connector.name()
                        + " has no " + mapping.modifiedPath() + "; the read cannot keep its place", null);
            }
            return Instant.parse(value.toString());
        }

        private ObjectNode request(List<ObjectNode> filters, String sortBy, String after) {
            ObjectNode body = json.createObjectNode();
            var group = body.putArray("filterGroups").addObject().putArray("filters");
            filters.forEach(group::add);
            body.putArray("sorts").addObject().put("propertyName", sortBy).put("direction", "ASCENDING");
            var names = body.putArray("properties");
            propertiesOf(connector, mapping).forEach(names::add);
            body.put("limit", PAGE);
            if (after != null) {
                body.put("after", after);
            }
            return body;
        }

        private ObjectNode filter(String property, String operator, long value) {
            return json.createObjectNode().put("propertyName", property).put("operator", operator).put("value", String.valueOf(value));
        }
    }

    /**
     * The HubSpot properties a mapping reads, to request them by name (HubSpot returns only a
     * default few otherwise).
     */
    static Set<String> propertiesOf(ConnectorProperties connector, Mapping mapping) {
        Set<String> names = new LinkedHashSet<>();
        names.add(property(mapping.modifiedPath()));
        names.add(connector.hubspot().uniqueProperty());
        for (FieldMapping field : mapping.fields().values()) {
            if (field.from() != null && field.from().startsWith("properties.")) {
                names.add(property(field.from()));
            }
        }
        return names;
    }

    private static String property(String path) {
        return path.startsWith("properties.") ? path.substring("properties.".length()) : path;
    }

}
