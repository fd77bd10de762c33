package io.partnersync.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WireMock extension that plays the stateful part of a HubSpot portal, in the shapes of HubSpot's
 * public API reference: batch upsert by a unique property (an unknown value creates an object with a
 * new id, a known one updates that object), and v4 default associations. Stubs opt in with
 * {@code withTransformers(HubSpotPortal.NAME)}; {@link #serve} adds those stubs.
 */
public final class HubSpotPortal implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "hubspot-portal";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicLong ids = new AtomicLong(30_000_000_000L);
    /** object type -> unique property value -> object (id, properties). */
    private final Map<String, Map<String, ObjectNode>> objects = new ConcurrentHashMap<>();
    /** object type -> HubSpot id -> object (the same objects, found by id). */
    private final Map<String, Map<String, ObjectNode>> byId = new ConcurrentHashMap<>();
    /** "fromType/toType" -> "fromId>toId" pairs. */
    private final Map<String, Set<String>> associations = new ConcurrentHashMap<>();

    /** Stubs batch upsert and search of every object type and default associations on {@code server} to this portal. */
    public static void serve(WireMockServer server) {
        server.stubFor(post(urlPathMatching("/crm/v3/objects/[^/]+/batch/upsert")).willReturn(aResponse().withTransformers(NAME)));
        server.stubFor(post(urlPathMatching("/crm/v3/objects/[^/]+/search")).willReturn(aResponse().withTransformers(NAME)));
        server.stubFor(post(urlPathMatching("/crm/v3/objects/[^/]+/batch/update")).willReturn(aResponse().withTransformers(NAME)));
        server.stubFor(post(urlPathMatching("/crm/v3/objects/[^/]+/batch/read")).willReturn(aResponse().withTransformers(NAME)));
        server.stubFor(post(urlPathMatching("/crm/v4/associations/[^/]+/[^/]+/batch/associate/default"))
                .willReturn(aResponse().withTransformers(NAME)));
    }

    private final java.util.concurrent.atomic.AtomicInteger answersToLose = new java.util.concurrent.atomic.AtomicInteger();

    private final io.partnersync.sandbox.simulator.RollingLimits limits = new io.partnersync.sandbox.simulator.RollingLimits(Integer.MAX_VALUE, Integer.MAX_VALUE);
    private final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();

    public void clear() {
        objects.clear();
        byId.clear();
        associations.clear();
        answersToLose.set(0);
        refused.set(0);
        limits.reset();
    }

    /**
     * Enforces HubSpot's limits as a portal does: more than {@code burst} requests in any rolling 10
     * seconds, or more than {@code searchPerSecond} searches in any rolling second, get a 429.
     */
    public void enforceLimits(int burst, int searchPerSecond) {
        limits.set(burst, searchPerSecond);
    }

    /** How many requests were refused with a 429 since {@link #clear()}. */
    public int refused() {
        return refused.get();
    }

    /** Puts objects into the portal as if reps had created them: each with id and properties, keyed by its id. */
    public void seed(String objectType, java.util.List<ObjectNode> seeded) {
        Map<String, ObjectNode> byUnique = objects.computeIfAbsent(objectType, t -> new ConcurrentHashMap<>());
        seeded.forEach(o -> byUnique.put(o.path("id").asText(), o));
        seeded.forEach(o -> byId.computeIfAbsent(objectType, t -> new ConcurrentHashMap<>()).put(o.path("id").asText(), o));
    }

    /**
     * The next {@code count} calls are carried out by the portal, but their answers are lost on the
     * way back (the connection is reset): the caller cannot know that its write was applied.
     */
    public void loseNextAnswers(int count) {
        answersToLose.set(count);
    }

    /** The objects of a type held in the portal, by their unique property value. */
    public Map<String, ObjectNode> objects(String objectType) {
        return Map.copyOf(objects.getOrDefault(objectType, Map.of()));
    }

    /** The associated pairs "fromId>toId" between two object types. */
    public Set<String> associations(String fromType, String toType) {
        return Set.copyOf(associations.getOrDefault(fromType + "/" + toType, Set.of()));
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        String[] path = event.getRequest().getUrl().split("\\?")[0].split("/");
        JsonNode body = read(event.getRequest().getBodyAsString());
        boolean search = path[path.length - 1].equals("search");
        String limit = limits.refuse(search);
        if (limit != null) {
            refused.incrementAndGet();
            return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(429).withHeader("Content-Type", "application/json")
                    .withHeader("Retry-After", "1").withBody("{\"status\":\"error\",\"message\":\"You have reached your " + limit
                            + " limit.\",\"errorType\":\"RATE_LIMIT\",\"category\":\"RATE_LIMITS\",\"policyName\":\"" + limit + "\"}").build();
        }
        ObjectNode answer = path[2].equals("v4") ? associate(path[4], path[5], body) : search ? search(path[4], body)
                : path[path.length - 1].equals("update") ? update(path[4], body)
                : path[path.length - 1].equals("read") ? batchRead(path[4], body) : upsert(path[4], body);
        if (answersToLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder()
                    .withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER).build();
        }
        return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(answer.has("category") ? 400 : answer.has("numErrors") ? 207 : 200)
                .withHeader("Content-Type", "application/json").withBody(answer.toString()).build();
    }

    /** A write changes the object's modification time, under both names HubSpot uses (contacts have {@code lastmodifieddate}). */
    private static void touched(ObjectNode properties) {
        String now = java.time.Instant.now().toString();
        properties.put("hs_lastmodifieddate", now);
        if (properties.has("lastmodifieddate") || properties.has("email") || properties.has("firstname")) {
            properties.put("lastmodifieddate", now);
        }
    }

    /** Batch read by object id: the objects found, as they are now (ids not found are left out, as HubSpot does). */
    private ObjectNode batchRead(String objectType, JsonNode body) {
        ObjectNode answer = JSON.createObjectNode().put("status", "COMPLETE");
        ArrayNode results = answer.putArray("results");
        Map<String, ObjectNode> known = byId.getOrDefault(objectType, Map.of());
        for (JsonNode input : body.path("inputs")) {
            ObjectNode object = known.get(input.path("id").asText());
            if (object != null) {
                results.add(object.deepCopy());
            }
        }
        return answer.put("startedAt", "2026-11-27T10:00:00Z").put("completedAt", "2026-11-27T10:00:01Z");
    }

    private ObjectNode upsert(String objectType, JsonNode body) {
        Map<String, ObjectNode> byUnique = objects.computeIfAbsent(objectType, t -> new ConcurrentHashMap<>());
        ObjectNode answer = JSON.createObjectNode().put("status", "COMPLETE");
        ArrayNode results = answer.putArray("results");
        for (JsonNode input : body.path("inputs")) {
            String unique = input.path("id").asText();
            boolean created = !byUnique.containsKey(unique);
            ObjectNode object = byUnique.computeIfAbsent(unique, u -> JSON.createObjectNode()
                    .put("id", String.valueOf(ids.incrementAndGet())).put("createdAt", "2026-11-27T10:00:00Z"));
            byId.computeIfAbsent(objectType, t -> new ConcurrentHashMap<>()).put(object.path("id").asText(), object);
            ObjectNode properties = object.with("properties");
            properties.setAll((ObjectNode) input.path("properties"));
            properties.put(input.path("idProperty").asText(), unique);
            touched(properties);
            object.put("updatedAt", "2026-11-27T10:00:01Z").put("archived", false);
            results.add(object.deepCopy().put("new", created));
        }
        return answer.put("startedAt", "2026-11-27T10:00:00Z").put("completedAt", "2026-11-27T10:00:01Z");
    }

    /**
     * CRM search with one GTE filter, sorted ascending on it (then by id), {@code limit} and
     * {@code after}; like HubSpot, paging past 10,000 results is refused with a 400.
     */
    private ObjectNode search(String objectType, JsonNode body) {
        JsonNode filter = body.path("filterGroups").path(0).path("filters").path(0);
        String property = filter.path("propertyName").asText();
        long from = filter.path("value").asLong();
        int limit = body.path("limit").asInt(10);
        int after = body.path("after").asInt(0);
        if (after + limit > 10_000) {
            return JSON.createObjectNode().put("status", "error").put("category", "VALIDATION_ERROR")
                    .put("message", "There was a problem with the request.");
        }
        if ("EQ".equals(filter.path("operator").asText())) {
            String value = filter.path("value").asText();
            java.util.List<ObjectNode> equal = objects.getOrDefault(objectType, Map.of()).values().stream()
                    .filter(o -> value.equals(o.path("properties").path(property).asText()))
                    .sorted(java.util.Comparator.comparing(o -> Long.parseLong(o.path("id").asText()))).toList();
            ObjectNode answer = JSON.createObjectNode().put("total", equal.size());
            ArrayNode results = answer.putArray("results");
            equal.subList(Math.min(after, equal.size()), Math.min(after + limit, equal.size())).forEach(results::add);
            if (after + limit < equal.size()) {
                answer.putObject("paging").putObject("next").put("after", String.valueOf(after + limit));
            }
            return answer;
        }
        java.util.List<ObjectNode> matching = objects.getOrDefault(objectType, Map.of()).values().stream()
                .filter(o -> !o.path("properties").path(property).asText().isEmpty())
                .filter(o -> java.time.Instant.parse(o.path("properties").path(property).asText()).toEpochMilli() >= from)
                .sorted(java.util.Comparator.comparing((ObjectNode o) -> o.path("properties").path(property).asText())
                        .thenComparing(o -> Long.parseLong(o.path("id").asText())))
                .toList();
        ObjectNode answer = JSON.createObjectNode().put("total", matching.size());
        ArrayNode results = answer.putArray("results");
        matching.subList(Math.min(after, matching.size()), Math.min(after + limit, matching.size())).forEach(results::add);
        if (after + limit < matching.size()) {
            String next = String.valueOf(after + limit);
            answer.putObject("paging").putObject("next").put("after", next).put("link", "?after=" + next);
        }
        return answer;
    }

    /** Batch update by object id; an unknown id is reported in a 207-style {@code errors} entry. */
    private ObjectNode update(String objectType, JsonNode body) {
        ObjectNode answer = JSON.createObjectNode().put("status", "COMPLETE");
        ArrayNode results = answer.putArray("results");
        ArrayNode errors = JSON.createArrayNode();
        for (JsonNode input : body.path("inputs")) {
            ObjectNode object = find(objectType, input.path("id").asText());
            if (object == null) {
                ObjectNode error = errors.addObject().put("status", "error").put("category", "OBJECT_NOT_FOUND")
                        .put("message", "Could not get some " + objectType + " objects, they may be deleted or not exist.");
                error.putObject("context").putArray("ids").add(input.path("id").asText());
                continue;
            }
            ((ObjectNode) object.path("properties")).setAll((ObjectNode) input.path("properties"));
            ((ObjectNode) object.path("properties")).put("hs_lastmodifieddate", java.time.Instant.now().toString());
            object.put("updatedAt", java.time.Instant.now().toString());
            results.add(object.deepCopy());
        }
        if (!errors.isEmpty()) {
            answer.put("numErrors", errors.size()).set("errors", errors);
        }
        return answer;
    }

    /** A user deletes an object in the portal. */
    public void delete(String objectType, String uniqueValue) {
        ObjectNode removed = objects.getOrDefault(objectType, new ConcurrentHashMap<>()).remove(uniqueValue);
        if (removed != null) {
            byId.getOrDefault(objectType, new ConcurrentHashMap<>()).remove(removed.path("id").asText());
        }
    }

    /** The object with this HubSpot id, or {@code null}. */
    public ObjectNode find(String objectType, String id) {
        return byId.getOrDefault(objectType, Map.of()).get(id);
    }

    private ObjectNode associate(String fromType, String toType, JsonNode body) {
        Set<String> pairs = associations.computeIfAbsent(fromType + "/" + toType, k -> ConcurrentHashMap.newKeySet());
        ObjectNode answer = JSON.createObjectNode().put("status", "COMPLETE");
        ArrayNode results = answer.putArray("results");
        ArrayNode errors = JSON.createArrayNode();
        for (JsonNode input : body.path("inputs")) {
            String from = input.path("from").path("id").asText();
            String to = input.path("to").path("id").asText();
            if (find(fromType, from) == null || find(toType, to) == null) {
                ObjectNode error = errors.addObject().put("status", "error").put("category", "VALIDATION_ERROR")
                        .put("message", "No " + (find(fromType, from) == null ? fromType + " with ID " + from : toType + " with ID " + to) + " exists");
                error.putObject("context").putArray("ids").add(find(fromType, from) == null ? from : to);
                continue;
            }
            pairs.add(from + ">" + to);
            ObjectNode result = results.addObject();
            result.putObject("associationSpec").put("associationCategory", "HUBSPOT_DEFINED").put("associationTypeId",
                    fromType.equals("contacts") ? 1 : 5);
            result.putObject("from").put("id", from);
            result.putObject("to").put("id", to);
        }
        if (!errors.isEmpty()) {
            answer.put("numErrors", errors.size()).set("errors", errors);
        }
        return answer.put("startedAt", "2026-11-27T10:00:00Z").put("completedAt", "2026-11-27T10:00:01Z");
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For a caller that wants the stored properties of one object as a plain map. */
    public static Map<String, Object> properties(ObjectNode object) {
        return JSON.convertValue(object.path("properties"), LinkedHashMap.class);
    }
}
