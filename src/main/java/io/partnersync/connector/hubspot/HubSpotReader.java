package io.partnersync.connector.hubspot;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.mapping.FieldMapping;
import io.partnersync.mapping.Mapping;
import io.partnersync.mapping.MappingRegistry;
import io.partnersync.mapping.RecordMapper;
import io.partnersync.sync.spi.FailureCategory;
import io.partnersync.sync.spi.CategorizedException;
import io.partnersync.sync.spi.SourceReader;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Reads a partner portal page by page: CRM search on the last-modified property, ascending, 200 a
 * page, following {@code after}. HubSpot stops a search at 10,000 results
 * (https://developers.hubspot.com/docs/api/crm/search#limitations), so when a search fills up the
 * next page starts a new search from the last modification time it reached, never further back: no
 * change is skipped (records at that very instant are read again, which the ingest path absorbs),
 * and more than 10,000 at one instant are paged by object id. Search sorts by one property only, so
 * records sharing a modification time come in no set order: a read that goes on after a record
 * starts at that record's time (GTE) and re-reads that instant.
 *
 * <p>The continuation between pages is {@code w|<from ms>|<after>|<read in this search>} within a
 * search, or {@code i|<at ms>|<last object id>} while paging one instant by id.
 */
@Component
class HubSpotReader implements SourceReader {

    static final int PAGE = 200;
    static final int SEARCH_CAP = 10_000;

    private final HubSpotClients clients;
    private final MappingRegistry mappings;
    private final ObjectMapper json;

    HubSpotReader(HubSpotClients clients, MappingRegistry mappings, ObjectMapper json) {
        this.clients = clients;
        this.mappings = mappings;
        this.json = json;
    }

    @Override
    public Page read(ConnectorProperties connector, Mapping mapping, Position position) {
        if (position.continuation() == null) {
            Instant from = position.afterTimestamp() != null ? position.afterTimestamp() : position.from();
            return search(connector, mapping, from, null, 0);
        }
        String[] parts = position.continuation().split("\\|", -1);
        Instant at = Instant.ofEpochMilli(Long.parseLong(parts[1]));
        return parts[0].equals("i") ? sameInstant(connector, mapping, at, Long.parseLong(parts[2]))
                : search(connector, mapping, at, parts[2].isEmpty() ? null : parts[2], Integer.parseInt(parts[3]));
    }

    /** One page of the search from {@code from} (inclusive), after {@code after}. */
    private Page search(ConnectorProperties connector, Mapping mapping, Instant from, String after, int readBefore) {
        String modified = property(mapping.modifiedPath());
        JsonNode answer = clients.of(connector).search(mapping.object(),
                request(connector, mapping, List.of(filter(modified, "GTE", from.toEpochMilli())), modified, after));
        List<Map<String, Object>> batch = records(answer);
        int read = readBefore + batch.size();
        String next = answer.path("paging").path("next").path("after").asText(null);
        String continuation;
        if (next == null || batch.isEmpty()) {
            continuation = null;
        } else if (Integer.parseInt(next) + PAGE > SEARCH_CAP || read >= SEARCH_CAP) {
            Instant reached = timestampOf(connector, mapping, batch.get(batch.size() - 1));
            continuation = reached.isAfter(from) ? "w|" + reached.toEpochMilli() + "||0" : "i|" + reached.toEpochMilli() + "|0";
        } else {
            continuation = "w|" + from.toEpochMilli() + "|" + next + "|" + read;
        }
        return page(connector, mapping, batch, continuation, after == null);
    }

    /**
     * More than 10,000 records share {@code at}: narrowed to that instant and paged by object id,
     * each page a new search after the last id, then on just after it.
     */
    private Page sameInstant(ConnectorProperties connector, Mapping mapping, Instant at, long lastId) {
        String modified = property(mapping.modifiedPath());
        JsonNode answer = clients.of(connector).search(mapping.object(), request(connector, mapping,
                List.of(filter(modified, "EQ", at.toEpochMilli()), filter("hs_object_id", "GT", lastId)), "hs_object_id", null));
        List<Map<String, Object>> batch = records(answer);
        String continuation = batch.size() < PAGE ? "w|" + at.plusMillis(1).toEpochMilli() + "||0"
                : "i|" + at.toEpochMilli() + "|" + batch.get(batch.size() - 1).get(mapping.idPath());
        return page(connector, mapping, batch, continuation, true);
    }

    private Page page(ConnectorProperties connector, Mapping mapping, List<Map<String, Object>> batch, String continuation, boolean newQuery) {
        if (batch.isEmpty()) {
            return new Page(batch, null, null, continuation, newQuery);
        }
        Map<String, Object> last = batch.get(batch.size() - 1);
        Object id = last.get(mapping.idPath());
        return new Page(batch, timestampOf(connector, mapping, last), id == null ? null : id.toString(), continuation, newQuery);
    }

    /** Batch read by id (as for a webhook); an id the portal does not have is left out. */
    @Override
    public List<Map<String, Object>> readByIds(ConnectorProperties portal, EntityType entity, List<String> ids) {
        Mapping mapping = mappings.mapping(portal.name(), entity);
        ObjectNode request = json.createObjectNode();
        var names = request.putArray("properties");
        propertiesOf(portal, mapping).forEach(names::add);
        var inputs = request.putArray("inputs");
        ids.forEach(id -> inputs.addObject().put("id", id));
        return records(clients.of(portal).batchRead(mapping.object(), request));
    }

    /** Whether the portal answers with this token and has PartnerSync's id property on deals. */
    @Override
    public String testConnection(ConnectorProperties portal) {
        String unique = HubSpotSettings.of(portal).uniqueProperty();
        boolean has = clients.of(portal).hasProperty("deals", unique);
        return "HubSpot portal answered; deals " + (has ? "have" : "do NOT have") + " the property " + unique;
    }

    private List<Map<String, Object>> records(JsonNode answer) {
        return json.convertValue(answer.path("results"), new TypeReference<List<Map<String, Object>>>() { });
    }

    private static Instant timestampOf(ConnectorProperties connector, Mapping mapping, Map<String, Object> record) {
        Object value = RecordMapper.valueAt(record, mapping.modifiedPath());
        if (value == null) {
            throw new CategorizedException(FailureCategory.VALIDATION, "a " + mapping.object() + " record of " + connector.name()
                    + " has no " + mapping.modifiedPath() + "; the read cannot keep its place", null);
        }
        return Instant.parse(value.toString());
    }

    private ObjectNode request(ConnectorProperties connector, Mapping mapping, List<ObjectNode> filters, String sortBy, String after) {
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

    /**
     * The HubSpot properties a mapping reads, to request them by name (HubSpot returns only a
     * default few otherwise).
     */
    static Set<String> propertiesOf(ConnectorProperties connector, Mapping mapping) {
        Set<String> names = new LinkedHashSet<>();
        names.add(property(mapping.modifiedPath()));
        names.add(HubSpotSettings.of(connector).uniqueProperty());
        for (FieldMapping field : mapping.fields().values()) {
            if (field.from() != null && field.from().startsWith("properties.")) {
                names.add(property(field.from()));
            }
        }
        return names;
    }

    static String property(String path) {
        return path.startsWith("properties.") ? path.substring("properties.".length()) : path;
    }
}
