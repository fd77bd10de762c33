package io.partnersync.connector.hubspot;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.PartnerSyncProperties;
import io.partnersync.connector.DuePolls;
import io.partnersync.mapping.ExtraReadFields;
import io.partnersync.mapping.FieldMapping;
import io.partnersync.mapping.Mapping;
import io.partnersync.mapping.MappingRegistry;
import io.partnersync.ops.CategorizedException;
import io.partnersync.ops.ConnectorStates;
import io.partnersync.store.Checkpoint;
import io.partnersync.store.CheckpointRepository;
import io.partnersync.store.FailureCategory;
import io.partnersync.store.IngestService;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Incremental read of a partner portal: CRM search on the last-modified property, ascending, 200 a
 * page, following {@code after}, from the checkpoint minus the look-back; each page is ingested with
 * its checkpoint in one transaction. HubSpot stops a search at 10,000 results
 * (https://developers.hubspot.com/docs/api/crm/search#limitations), so when a window fills up the
 * read starts a new search from the last modification time it reached: no change is skipped
 * (records at that very instant are read again, which the ingest path absorbs).
 */
@Component("hubspotPoller")
public class HubSpotPoller {

    static final int PAGE = 200;
    static final int SEARCH_CAP = 10_000;

    /** How a read ended. */
    public record PollResult(int searches, int pages, int records) {
    }

    private final PartnerSyncProperties properties;
    private final MappingRegistry mappings;
    private final CheckpointRepository checkpoints;
    private final IngestService ingest;
    private final HubSpotClients clients;
    private final ObjectMapper json;
    private final DuePolls due;
    private final List<ExtraReadFields> extraFields;

    HubSpotPoller(PartnerSyncProperties properties, MappingRegistry mappings, CheckpointRepository checkpoints, IngestService ingest,
                  HubSpotClients clients, ObjectMapper json, ConnectorStates states,
                  org.springframework.beans.factory.ObjectProvider<ExtraReadFields> extraFields) {
        this.extraFields = extraFields.orderedStream().toList();
        this.properties = properties;
        this.mappings = mappings;
        this.checkpoints = checkpoints;
        this.ingest = ingest;
        this.clients = clients;
        this.json = json;
        this.due = new DuePolls(properties, states, ConnectorProperties.ConnectorType.HUBSPOT);
    }

    /**
     * Polls every entity of every enabled HubSpot connector whose poll interval has passed; one
     * portal's trouble is reported on its own health and does not stop the others.
     */
    public void pollAll() {
        due.run(connector -> {
            int records = 0;
            for (EntityType entity : connector.entities()) {
                records += poll(connector.name(), entity).records();
            }
            return "last read: " + records + " records";
        });
    }

    public PollResult poll(String connectorName, EntityType entity) {
        ConnectorProperties connector = properties.connector(connectorName).orElseThrow();
        Mapping mapping = mappings.mapping(connectorName, entity);
        String modified = property(mapping.modifiedPath());
        Instant from = checkpoints.find(connectorName, entity).map(Checkpoint::cursorTimestamp)
                .map(ts -> ts.minus(connector.hubspot().lookBack())).orElse(Instant.EPOCH);
        int searches = 0;
        int pages = 0;
        int records = 0;
        String after = null;
        int inWindow = 0;
        while (true) {
            JsonNode page = clients.of(connector).search(mapping.object(), request(mapping, modified, from, after));
            if (after == null) {
                searches++;
            }
            List<Map<String, Object>> batch = json.convertValue(page.path("results"), new TypeReference<List<Map<String, Object>>>() { });
            pages++;
            if (!batch.isEmpty()) {
                Checkpoint cursor = cursorOf(mapping, batch);
                ingest.ingest(connectorName, entity, batch, cursor);
                records += batch.size();
                inWindow += batch.size();
                if (inWindow >= SEARCH_CAP || page.path("paging").path("next").path("after").asInt(0) + PAGE > SEARCH_CAP) {
                    Instant reached = cursor.cursorTimestamp();
                    if (!reached.isAfter(from)) {
                        throw new CategorizedException(FailureCategory.INTERNAL, "more than " + SEARCH_CAP + " records of " + connectorName
                                + " share the modification time " + reached + "; HubSpot search cannot page past them", null);
                    }
                    from = reached;
                    after = null;
                    inWindow = 0;
                    continue;
                }
            }
            after = page.path("paging").path("next").path("after").asText(null);
            if (after == null) {
                return new PollResult(searches, pages, records);
            }
        }
    }

    private ObjectNode request(Mapping mapping, String modified, Instant from, String after) {
        ObjectNode body = json.createObjectNode();
        body.putArray("filterGroups").addObject().putArray("filters").addObject()
                .put("propertyName", modified).put("operator", "GTE").put("value", String.valueOf(from.toEpochMilli()));
        body.putArray("sorts").addObject().put("propertyName", modified).put("direction", "ASCENDING");
        var names = body.putArray("properties");
        propertiesOf(mapping, extraFields).forEach(names::add);
        body.put("limit", PAGE);
        if (after != null) {
            body.put("after", after);
        }
        return body;
    }

    /**
     * The HubSpot properties a mapping reads, and those business rules read from the raw record, to
     * request them by name (HubSpot returns only a default few otherwise).
     */
    static Set<String> propertiesOf(Mapping mapping, List<ExtraReadFields> extra) {
        Set<String> names = new LinkedHashSet<>();
        names.add(property(mapping.modifiedPath()));
        for (FieldMapping field : mapping.fields().values()) {
            if (field.from() != null && field.from().startsWith("properties.")) {
                names.add(property(field.from()));
            }
        }
        for (ExtraReadFields fields : extra) {
            fields.fields(mapping.entity()).stream().filter(f -> f.startsWith("properties.")).map(HubSpotPoller::property).forEach(names::add);
        }
        return names;
    }

    private static String property(String path) {
        return path.startsWith("properties.") ? path.substring("properties.".length()) : path;
    }

    private static Checkpoint cursorOf(Mapping mapping, List<Map<String, Object>> page) {
        Map<String, Object> last = page.get(page.size() - 1);
        Object modified = io.partnersync.mapping.RecordMapper.valueAt(last, mapping.modifiedPath());
        Object id = last.get(mapping.idPath());
        return new Checkpoint(modified == null ? null : Instant.parse(modified.toString()), id == null ? null : id.toString());
    }
}
