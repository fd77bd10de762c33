package io.partnersync.connector.hubspot;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.PartnerSyncProperties;
import io.partnersync.connector.Secrets;
import io.partnersync.mapping.Mapping;
import io.partnersync.mapping.MappingRegistry;
import io.partnersync.store.IngestService;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * HubSpot webhook batches for one partner portal: {@code POST /webhooks/hubspot/{connector}}.
 * The v3 signature is checked first (401 and nothing processed when it fails); events already
 * taken in are skipped by their event id; the changed objects are then read with one batch read
 * per object type and go through the ingest path. Webhooks only speed things up: polling stays the
 * safety net, so an event lost here is picked up by the next poll.
 */
@RestController
class HubSpotWebhooks {

    private final PartnerSyncProperties properties;
    private final Secrets secrets;
    private final HubSpotClients clients;
    private final MappingRegistry mappings;
    private final IngestService ingest;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final java.util.List<io.partnersync.mapping.ExtraReadFields> extraFields;

    HubSpotWebhooks(PartnerSyncProperties properties, Secrets secrets, HubSpotClients clients, MappingRegistry mappings,
                    IngestService ingest, JdbcTemplate jdbc, ObjectMapper json,
                    org.springframework.beans.factory.ObjectProvider<io.partnersync.mapping.ExtraReadFields> extraFields) {
        this.extraFields = extraFields.orderedStream().toList();
        this.properties = properties;
        this.secrets = secrets;
        this.clients = clients;
        this.mappings = mappings;
        this.ingest = ingest;
        this.jdbc = jdbc;
        this.json = json;
    }

    @PostMapping("/webhooks/hubspot/{connector}")
    ResponseEntity<Map<String, Object>> receive(@PathVariable String connector, @RequestBody(required = false) String body,
                                                @RequestHeader(value = "X-HubSpot-Signature-v3", required = false) String signature,
                                                @RequestHeader(value = "X-HubSpot-Request-Timestamp", required = false) String timestamp,
                                                HttpServletRequest request) {
        ConnectorProperties portal = properties.connector(connector)
                .filter(c -> c.type() == ConnectorProperties.ConnectorType.HUBSPOT && c.enabled()).orElse(null);
        if (portal == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no enabled HubSpot connector named '" + connector + "'"));
        }
        String uri = request.getRequestURL() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        var verdict = WebhookSignature.verify(secrets.require(portal, "client-secret"), request.getMethod(), uri, body, timestamp, signature, Instant.now());
        if (verdict != WebhookSignature.Verdict.VALID) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("error", "signature " + verdict.name().toLowerCase(java.util.Locale.ROOT)));
        }
        List<JsonNode> events;
        try {
            events = json.readValue(body, new TypeReference<List<JsonNode>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return ResponseEntity.badRequest().body(Map.of("error", "expected a JSON array of webhook events: " + e.getOriginalMessage()));
        }
        Map<EntityType, Set<String>> changed = new LinkedHashMap<>();
        int fresh = 0;
        for (JsonNode event : events) {
            String eventId = event.path("eventId").asText(null);
            EntityType entity = entityOf(portal, event.path("subscriptionType").asText(""));
            if (eventId == null || entity == null || !firstTime(connector, eventId)) {
                continue;
            }
            fresh++;
            changed.computeIfAbsent(entity, e -> new LinkedHashSet<>()).add(event.path("objectId").asText());
        }
        int records = 0;
        for (var entry : changed.entrySet()) {
            records += read(portal, entry.getKey(), entry.getValue());
        }
        return ResponseEntity.ok(Map.of("events", events.size(), "new", fresh, "records", records));
    }

    /** {@code deal.propertyChange} belongs to the entity whose mapping reads HubSpot's {@code deals}. */
    private EntityType entityOf(ConnectorProperties portal, String subscriptionType) {
        String object = subscriptionType.contains(".") ? subscriptionType.substring(0, subscriptionType.indexOf('.')) : subscriptionType;
        for (EntityType entity : portal.entities()) {
            String mapped = mappings.mapping(portal.name(), entity).object();
            if (mapped.equals(object + "s") || mapped.equals(object)) {
                return entity;
            }
        }
        return null;
    }

    private boolean firstTime(String connector, String eventId) {
        return jdbc.update("insert into webhook_event (connector, event_id) values (?, ?) on conflict do nothing", connector, eventId) == 1;
    }

    private int read(ConnectorProperties portal, EntityType entity, Set<String> ids) {
        Mapping mapping = mappings.mapping(portal.name(), entity);
        List<String> all = new ArrayList<>(ids);
        int records = 0;
        for (int from = 0; from < all.size(); from += HubSpotWriter.BATCH_LIMIT) {
            ObjectNode request = json.createObjectNode();
            var names = request.putArray("properties");
            HubSpotPoller.propertiesOf(mapping, extraFields).forEach(names::add);
            var inputs = request.putArray("inputs");
            all.subList(from, Math.min(from + HubSpotWriter.BATCH_LIMIT, all.size())).forEach(id -> inputs.addObject().put("id", id));
            JsonNode answer = clients.of(portal).batchRead(mapping.object(), request);
            List<Map<String, Object>> batch = json.convertValue(answer.path("results"), new TypeReference<List<Map<String, Object>>>() { });
            ingest.ingest(portal.name(), entity, batch, null);
            records += batch.size();
        }
        return records;
    }
}
