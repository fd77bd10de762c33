package io.partnersync.connector.salesforce;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.Connectors;
import io.partnersync.mapping.Mapping;
import io.partnersync.mapping.MappingRegistry;
import io.partnersync.sync.spi.PushedChanges;
import io.partnersync.sync.spi.PageSink;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Handles one Change Data Capture event of a Salesforce connector
 * (https://developer.salesforce.com/docs/atlas.en-us.change_data_capture.meta/change_data_capture/cdc_event_fields_header.htm):
 * created, updated and undeleted records are read again in full with one query (an update event
 * carries only the changed fields, and the mapping needs the record), deletions archive, and a gap
 * or overflow event catches up from the polling checkpoint. The replay id is saved only after the
 * change is committed, so a crash in between replays the event, which the idempotent ingest path
 * absorbs.
 */
@Component("salesforceChangeEvents")
public class SalesforceChangeEvents {

    private static final DateTimeFormatter SALESFORCE_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);

    private final Connectors connectors;
    private final MappingRegistry mappings;
    private final SalesforceApi api;
    private final SalesforceReader reader;
    private final PageSink ingest;
    private final PushedChanges pushes;
    private final ObjectMapper json;

    SalesforceChangeEvents(Connectors connectors, MappingRegistry mappings, SalesforceApi api, SalesforceReader reader,
                           PageSink ingest, PushedChanges pushes, ObjectMapper json) {
        this.connectors = connectors;
        this.mappings = mappings;
        this.api = api;
        this.reader = reader;
        this.ingest = ingest;
        this.pushes = pushes;
        this.json = json;
    }

    /**
     * @param event the event as the Streaming API delivers it, the Bayeux message
     *     {@code {"channel": ..., "data": {"schema": ..., "payload": {"ChangeEventHeader": {...}, ...}, "event": {"replayId": n}}}}
     *     or its {@code data} alone
     */
    public void handle(String connectorName, EntityType entity, String event) {
        ConnectorProperties connector = connectors.find(connectorName).orElseThrow();
        JsonNode message = read(event);
        if (message.has("data")) {
            message = message.get("data");
        }
        JsonNode header = message.path("payload").path("ChangeEventHeader");
        String changeType = header.path("changeType").asText();
        List<String> ids = new ArrayList<>();
        header.path("recordIds").forEach(id -> ids.add(id.asText()));
        Mapping mapping = mappings.mapping(connectorName, entity);
        if (changeType.startsWith("GAP_")) {
            ingest.readNow(connectorName, entity);
        } else if (changeType.equals("DELETE")) {
            Instant at = Instant.ofEpochMilli(header.path("commitTimestamp").asLong(System.currentTimeMillis()));
            ingest.deliver(connectorName, entity, ids.stream().map(id -> deletion(mapping, id, at)).toList(), null);
        } else if (!ids.isEmpty()) {
            ingest.deliver(connectorName, entity, reader.readByIds(connector, entity, ids), null);
        }
        String replayId = message.path("event").path("replayId").asText(null);
        if (replayId != null) {
            pushes.saveStreamPosition(connectorName, entity, replayId);
        }
    }


    private static Map<String, Object> deletion(Mapping mapping, String id, Instant at) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put(mapping.idPath(), id);
        record.put(mapping.modifiedPath(), SALESFORCE_DATETIME.format(at));
        record.put(mapping.deletedPath() == null ? "IsDeleted" : mapping.deletedPath(), true);
        return record;
    }

    private JsonNode read(String event) {
        try {
            return json.readTree(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a change event that is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
