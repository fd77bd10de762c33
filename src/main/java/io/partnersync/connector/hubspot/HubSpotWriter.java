package io.partnersync.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.sync.spi.ConnectorWriter;
import io.partnersync.mapping.MappingRegistry;
import io.partnersync.sync.spi.CategorizedException;
import io.partnersync.sync.spi.FailureCategory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes canonical records into one partner's HubSpot portal with batch upserts (at most 100
 * inputs per call) by the portal's unique PartnerSync-id property, so a retried batch never creates
 * a duplicate; a 207 multi-status is read record by record.
 * The engine hands it only records of the portal's own partner (the tenant boundary is the engine's).
 */
@Component
class HubSpotWriter implements ConnectorWriter {

    /** HubSpot batch endpoints take at most 100 inputs. */
    static final int BATCH_LIMIT = 100;

    private static final Logger log = LoggerFactory.getLogger(HubSpotWriter.class);

    private final HubSpotClients clients;
    private final MappingRegistry mappings;
    private final HubSpotAssociations associations;
    private final ObjectMapper json;

    HubSpotWriter(HubSpotClients clients, MappingRegistry mappings, HubSpotAssociations associations,
                  ObjectMapper json) {
        this.clients = clients;
        this.associations = associations;
        this.mappings = mappings;
        this.json = json;
    }


    /** One run fills the v4 association batch ({@link HubSpotAssociations#ASSOCIATION_LIMIT}): 20 writes and 1 link call. */
    @Override
    public int maxRecordsPerRun(ConnectorProperties connector) {
        return HubSpotAssociations.ASSOCIATION_LIMIT;
    }

    @Override
    public List<WriteResult> write(ConnectorProperties connector, EntityType type, List<OutboundRecord> records) {
        List<WriteResult> results = new ArrayList<>();
        List<OutboundRecord> own = records; // the engine let through only the partner's own records
        // A record read from this portal (a rep's deal) is updated by its object id, which also sets
        // the unique property on it; one PartnerSync created there is upserted by the unique property.
        List<OutboundRecord> known = own.stream().filter(r -> r.externalId() != null).toList();
        List<OutboundRecord> fresh = own.stream().filter(r -> r.externalId() == null).toList();
        int perCall = Math.min(BATCH_LIMIT, connector.limits().batchSize());
        for (int from = 0; from < known.size(); from += perCall) {
            results.addAll(write(connector, type, known.subList(from, Math.min(from + perCall, known.size())), true));
        }
        for (int from = 0; from < fresh.size(); from += perCall) {
            results.addAll(write(connector, type, fresh.subList(from, Math.min(from + perCall, fresh.size())), false));
        }
        // linked once for the whole run: association calls take 2,000 inputs, writes 100
        return associations.associate(connector, type, mappings.mapping(connector.name(), type).object(),
                own.stream().filter(r -> r.operation() != Operation.WITHDRAW).toList(), results);
    }

    /** One batch update by object id, or one batch upsert by the unique property. */
    private List<WriteResult> write(ConnectorProperties connector, EntityType type, List<OutboundRecord> records, boolean byObjectId) {
        String unique = HubSpotSettings.of(connector).uniqueProperty();
        ObjectNode body = json.createObjectNode();
        ArrayNode inputs = body.putArray("inputs");
        for (OutboundRecord record : records) {
            ObjectNode input = byObjectId ? inputs.addObject().put("id", record.externalId())
                    : inputs.addObject().put("idProperty", unique).put("id", record.id().toString());
            ObjectNode properties = input.putObject("properties");
            record.crmFields().forEach((path, value) -> properties.put(path.startsWith("properties.") ? path.substring(11) : path,
                    value == null ? "" : value.toString()));
            properties.put(unique, record.id().toString());
        }
        String objectType = mappings.mapping(connector.name(), type).object();
        JsonNode answer;
        try {
            answer = byObjectId ? clients.of(connector).batchUpdate(objectType, body) : clients.of(connector).batchUpsert(objectType, body);
        } catch (CategorizedException e) {
            if (e.category() != FailureCategory.VALIDATION) {
                // the portal, not a record, is the trouble (unreachable, credentials, a limit): the relay keeps the batch due
                throw e;
            }
            if (records.size() > 1) {
                // HubSpot refuses a whole batch for one bad input: halve it until the bad record stands alone
                int half = records.size() / 2;
                List<WriteResult> results = new ArrayList<>(write(connector, type, records.subList(0, half), byObjectId));
                results.addAll(write(connector, type, records.subList(half, records.size()), byObjectId));
                return results;
            }
            return List.of(new Failed(records.get(0), e.category(), e.getMessage(), false));
        }
        return results(records, answer, unique, byObjectId);
    }

    /**
     * A 200 lists every record under results; a 207 lists the written ones there and the others
     * under errors (their context names the ids as sent: unique values, or object ids for updates).
     */
    private static List<WriteResult> results(List<OutboundRecord> records, JsonNode answer, String unique, boolean byObjectId) {
        Map<String, OutboundRecord> byId = new HashMap<>();
        records.forEach(r -> byId.put(byObjectId ? r.externalId() : r.id().toString(), r));
        List<WriteResult> results = new ArrayList<>();
        for (JsonNode result : answer.path("results")) {
            OutboundRecord record = byId.remove(byObjectId ? result.path("id").asText() : result.path("properties").path(unique).asText());
            if (record != null) {
                results.add(new Written(record, result.path("id").asText()));
            }
        }
        for (JsonNode error : answer.path("errors")) {
            for (JsonNode id : error.path("context").path("ids")) {
                OutboundRecord record = byId.remove(id.asText());
                if (record != null) {
                    results.add(new Failed(record, FailureCategory.VALIDATION,
                            "HubSpot " + error.path("category").asText("ERROR") + ": " + error.path("message").asText(), false));
                }
            }
        }
        byId.values().forEach(r -> results.add(new Failed(r, FailureCategory.TRANSIENT, "HubSpot reported no result for this record", true)));
        return results;
    }
}
