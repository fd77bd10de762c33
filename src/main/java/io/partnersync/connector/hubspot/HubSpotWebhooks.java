package io.partnersync.connector.hubspot;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.Connectors;
import io.partnersync.connector.Secrets;
import io.partnersync.mapping.Mapping;
import io.partnersync.mapping.MappingRegistry;
import io.partnersync.sync.spi.CategorizedException;
import io.partnersync.sync.spi.PushedChanges;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * HubSpot webhook batches for one partner portal: {@code POST /webhooks/hubspot/{connector}}.
 * The v3 signature is checked first (401 and nothing processed when it fails); events already
 * taken in are skipped by their event id; the changed objects are then read with one batch read
 * per object type and go through the ingest path. An event is recorded as taken in only in the
 * transaction that ingests its records, so when a batch read fails the answer is a 503, HubSpot
 * redelivers the batch (it retries a 5xx up to 10 times, https://developers.hubspot.com/docs/api/webhooks#retries)
 * and the redelivery reads what was not taken in. Webhooks only speed things up: polling stays the
 * safety net, so an event lost here is picked up by the next poll.
 */
@RestController
class HubSpotWebhooks {

    private static final Logger log = LoggerFactory.getLogger(HubSpotWebhooks.class);

    private final Connectors connectors;
    private final Secrets secrets;
    private final HubSpotClients clients;
    private final MappingRegistry mappings;
    private final PushedChanges pushes;
    private final ObjectMapper json;

    HubSpotWebhooks(Connectors connectors, Secrets secrets, HubSpotClients clients, MappingRegistry mappings,
                    PushedChanges pushes, ObjectMapper json) {
        this.connectors = connectors;
        this.secrets = secrets;
        this.clients = clients;
        this.mappings = mappings;
        this.pushes = pushes;
        this.json = json;
    }

    static final String UNVERIFIED = "the request's X-HubSpot-Signature-v3 could not be verified: missing, expired, "
            + "or not made with the client secret of an enabled HubSpot connector of this name";

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(status, detail));
    }

    @PostMapping("/webhooks/hubspot/{connector}")
    ResponseEntity<?> receive(@PathVariable String connector, @RequestBody(required = false) String body,
                                                @RequestHeader(value = "X-HubSpot-Signature-v3", required = false) String signature,
                                                @RequestHeader(value = "X-HubSpot-Request-Timestamp", required = false) String timestamp,
                                                HttpServletRequest request) {
        ConnectorProperties portal = connectors.find(connector)
                .filter(c -> HubSpotKind.KEY.equals(c.type()) && c.enabled()
                        && c.secretEnv() != null && c.secretEnv().containsKey("client-secret")).orElse(null);
        // One answer for every call whose signature we cannot verify, whether the connector exists or not:
        // an unsigned caller learns nothing of our connectors' names. The reason goes to the log only.
        WebhookSignature.Verdict verdict = portal == null ? WebhookSignature.Verdict.MISMATCH
                : WebhookSignature.verify(secrets.require(portal, "client-secret"), request.getMethod(),
                        request.getRequestURL() + (request.getQueryString() == null ? "" : "?" + request.getQueryString()),
                        body, timestamp, signature, Instant.now());
        if (verdict != WebhookSignature.Verdict.VALID) {
            log.warn("HubSpot webhook call for '{}' refused: {}", connector, portal == null
                    ? "no enabled HubSpot connector of that name with a secret-env.client-secret" : "signature " + verdict.name().toLowerCase(Locale.ROOT));
            return problem(HttpStatus.UNAUTHORIZED, UNVERIFIED);
        }
        if (pushes.refused(portal.name())) {
            // paused by an operator or stopped: HubSpot delivers the events again later, and the poll catches up
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "connector '" + connector + "' is paused");
        }
        List<JsonNode> delivered;
        try {
            delivered = json.readValue(body == null ? "" : body, new TypeReference<List<JsonNode>>() { });
        } catch (JsonProcessingException e) {
            // Jackson's own message names its classes and limits: say where the body went wrong, in our words
            var at = e.getLocation();
            return problem(HttpStatus.BAD_REQUEST, "expected a JSON array of webhook events (HubSpot's format)"
                    + (at == null || at.getLineNr() < 0 ? "" : "; the body goes wrong at line " + at.getLineNr() + ", column " + at.getColumnNr()));
        }
        Map<EntityType, Map<String, List<String>>> changed = changedObjects(portal, delivered);
        int fresh = 0;
        int records = 0;
        String failure = null;
        for (var entry : changed.entrySet()) {
            Taken taken = read(portal, entry.getKey(), entry.getValue());
            fresh += taken.events();
            records += taken.records();
            failure = failure == null ? taken.failure() : failure;
        }
        if (failure != null) {
            log.warn("HubSpot webhook batch for {} not fully taken in, HubSpot will redeliver it: {}", connector, failure);
            // the CRM's answer stays in the log and the connector's failures, never in the body
            ResponseEntity<ProblemDetail> retry = problem(HttpStatus.SERVICE_UNAVAILABLE,
                    "the changed records could not all be read from the portal; deliver the events again (the sync health page says why)");
            retry.getBody().setProperty("events", delivered.size());
            retry.getBody().setProperty("new", fresh);
            retry.getBody().setProperty("records", records);
            return retry;
        }
        return ResponseEntity.ok(Map.of("events", delivered.size(), "new", fresh, "records", records));
    }

    /** Per entity, the ids of the changed objects with the ids of the events not taken in yet that name them. */
    private Map<EntityType, Map<String, List<String>>> changedObjects(ConnectorProperties portal, List<JsonNode> delivered) {
        List<String> eventIds = delivered.stream().map(event -> event.path("eventId").asText(null)).filter(Objects::nonNull).toList();
        Set<String> taken = pushes.taken(portal.name(), eventIds);
        Map<EntityType, Map<String, List<String>>> changed = new LinkedHashMap<>();
        for (JsonNode event : delivered) {
            String eventId = event.path("eventId").asText(null);
            EntityType entity = entityOf(portal, event.path("subscriptionType").asText(""));
            if (eventId == null || entity == null || taken.contains(eventId)) {
                continue;
            }
            changed.computeIfAbsent(entity, e -> new LinkedHashMap<>())
                    .computeIfAbsent(event.path("objectId").asText(), id -> new ArrayList<>()).add(eventId);
        }
        return changed;
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

    /**
     * Reads the changed objects in batches and ingests each batch in one transaction with the
     * events naming its objects; a failed batch read leaves its events untaken for the redelivery.
     */
    private Taken read(ConnectorProperties portal, EntityType entity, Map<String, List<String>> eventsByObject) {
        Mapping mapping = mappings.mapping(portal.name(), entity);
        List<String> all = new ArrayList<>(eventsByObject.keySet());
        int taken = 0;
        int records = 0;
        String failure = null;
        for (int from = 0; from < all.size(); from += HubSpotWriter.BATCH_LIMIT) {
            List<String> ids = all.subList(from, Math.min(from + HubSpotWriter.BATCH_LIMIT, all.size()));
            ObjectNode request = json.createObjectNode();
            var names = request.putArray("properties");
            HubSpotReader.propertiesOf(portal, mapping).forEach(names::add);
            var inputs = request.putArray("inputs");
            ids.forEach(id -> inputs.addObject().put("id", id));
            try {
                JsonNode answer = clients.of(portal).batchRead(mapping.object(), request);
                List<Map<String, Object>> batch = json.convertValue(answer.path("results"), new TypeReference<List<Map<String, Object>>>() { });
                List<String> eventIds = ids.stream().flatMap(id -> eventsByObject.get(id).stream()).toList();
                taken += pushes.deliver(portal.name(), entity, batch, eventIds);
                records += batch.size();
                pushes.succeeded(portal.name(), entity);
            } catch (RuntimeException e) {
                // the batch's events stay untaken: HubSpot redelivers them, and the poll is the safety net
                pushes.failed(portal.name(), entity, e);
                failure = failure == null ? e.getMessage() : failure;
            }
        }
        return new Taken(taken, records, failure);
    }

    /** @param failure why a batch read failed, or {@code null} */
    private record Taken(int events, int records, String failure) {
    }
}
