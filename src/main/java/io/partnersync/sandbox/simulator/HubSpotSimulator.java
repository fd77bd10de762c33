package io.partnersync.sandbox.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.io.IOException;
import java.net.URI;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Objects;

/**
 * A stateful HubSpot portal in the shapes of the CRM v3/v4 API reference: batch upsert by a unique
 * property, batch update and batch read by id, CRM search evaluating {@code filterGroups} (OR of
 * groups, AND of filters; EQ, NEQ, GT, GTE, LT, LTE, BETWEEN, IN, HAS_PROPERTY, NOT_HAS_PROPERTY)
 * sorted by one property with {@code limit}/{@code after} paging that stops at 10,000 results
 * (HTTP 400 past it), searches seeing writes {@code lag} late as HubSpot's index does, the
 * property definitions endpoint, v4 default associations, and the rolling limits (100 requests per
 * 10 s, 5 searches per second) answered with 429. Every write moves {@code hs_lastmodifieddate}
 * (and {@code lastmodifieddate} of contacts) strictly forward.
 */
public final class HubSpotSimulator extends Simulator {

    public static final String UNIQUE = "partnersync_id";
    /** HubSpot's rolling limits for a private app on a Professional portal: 100 requests per 10 s, 5 searches per second. */
    static final int BURST = 100;
    static final int SEARCHES_PER_SECOND = 5;
    private static final Pattern OBJECTS = Pattern.compile("/crm/v3/objects/(\\w+)/(batch/upsert|batch/update|batch/read|search)");
    private static final Pattern PROPERTY = Pattern.compile("/crm/v3/properties/(\\w+)/(\\w+)");
    private static final Pattern OBJECT = Pattern.compile("/crm/v3/objects/(\\w+)(?:/(\\d+))?/?");
    private static final Pattern ASSOCIATE = Pattern.compile("/crm/v4/associations/(\\w+)/(\\w+)/batch/associate/default");

    private final AtomicLong ids;
    /** object type -> id -> properties. */
    private final Map<String, Map<String, Versioned<Map<String, String>>>> objects = new HashMap<>();
    /** "type|unique value" -> id. */
    private final Map<String, String> unique = new HashMap<>();
    private final Map<String, Set<String>> associations = new HashMap<>();
    private final AtomicLong limited = new AtomicLong();
    /** Inputs one v4 batch association call takes; more is refused whole, as HubSpot does. */
    private volatile int associationBatchMaximum = 2_000;
    private final long portalId;
    private volatile Webhooks webhooks;
    private final RollingLimits limits = new RollingLimits(BURST, SEARCHES_PER_SECOND);
    private final OAuthApp oauth;

    /**
     * @param portal the partner's key, for names and logs
     * @param port the loopback port; 0 for any free one
     * @param firstId ids of created objects count up from here (keep portals apart)
     * @param lag how long after a write searches see it
     * @param slowDelay how long an injected slow answer takes
     */
    public HubSpotSimulator(String portal, int port, long firstId, Duration lag, Duration slowDelay) {
        super("hubspot-" + portal, port, lag, slowDelay);
        this.ids = new AtomicLong(firstId);
        this.portalId = firstId / 1_000_000L;
        this.oauth = new OAuthApp(portalId, "hubspot-" + portal + ".example");
    }

    /** The public app's OAuth side of this portal: its install page, codes and tokens. */
    public OAuthApp oauth() {
        return oauth;
    }

    /** Other rolling limits than HubSpot's defaults (a portal of a higher tier, or a test that must not wait). */
    public HubSpotSimulator limits(int requestsPer10Seconds, int searchesPerSecond) {
        limits.set(requestsPer10Seconds, searchesPerSecond);
        return this;
    }

    /** A smaller batch maximum for v4 associations than the documented 2,000, as some portals answer. */
    public HubSpotSimulator associationBatchMaximum(int maximum) {
        this.associationBatchMaximum = maximum;
        return this;
    }

    /** Requests refused with 429 by the portal's own rolling limits (not injected faults). */
    public long limited() {
        return limited.get();
    }

    @Override
    protected String kind(Request request) {
        String path = request.url().split("\\?")[0];
        Matcher matcher = OBJECTS.matcher(path);
        if (matcher.matches()) {
            return matcher.group(2).replace("batch/", "") + " " + matcher.group(1);
        }
        if (PROPERTY.matcher(path).matches()) {
            return "properties";
        }
        if (ASSOCIATE.matcher(path).matches()) {
            return "associate";
        }
        if (OBJECT.matcher(path).matches()) {
            return "object " + request.method();
        }
        return "other " + request.method() + " " + path;
    }

    @Override
    protected Answer refusal(int status) {
        return status == 429 ? limit("TEN_SECONDLY_ROLLING")
                : new Answer(503, Map.of("status", "error", "message", "Service Unavailable", "category", "SERVICE_UNAVAILABLE"), Map.of());
    }

    private static Answer limit(String policy) {
        return new Answer(429, Map.of("status", "error", "message", "You have reached your " + policy.toLowerCase() + " limit.",
                "errorType", "RATE_LIMIT", "category", "RATE_LIMITS", "policyName", policy), Map.of("Retry-After", "1"));
    }

    /** Every answer carries the portal's allowance, as HubSpot's {@code X-HubSpot-RateLimit-*} headers do. */
    @Override
    protected Answer answer(Request request) {
        Answer answer = serve(request);
        Map<String, String> headers = new HashMap<>(answer.headers());
        int used = limits.used();
        headers.put("X-HubSpot-RateLimit-Interval-Milliseconds", "10000");
        headers.put("X-HubSpot-RateLimit-Max", String.valueOf(limits.burst()));
        headers.put("X-HubSpot-RateLimit-Remaining", String.valueOf(Math.max(0, limits.burst() - used)));
        headers.put("X-HubSpot-RateLimit-Daily", "1000000");
        headers.put("X-HubSpot-RateLimit-Daily-Remaining", String.valueOf(Math.max(0, 1_000_000 - totalCalls())));
        return new Answer(answer.status(), answer.body(), headers);
    }

    private Answer serve(Request request) {
        String path = request.url().split("\\?")[0];
        if (path.startsWith("/oauth/")) {
            return oauth.answer(request, path);
        }
        Matcher matcher = OBJECTS.matcher(path);
        boolean search = matcher.matches() && matcher.group(2).equals("search");
        String over = limits.refuse(search);
        if (over != null) {
            limited.incrementAndGet();
            return limit(over);
        }
        if (matcher.matches()) {
            JsonNode body = read(request.body());
            return switch (matcher.group(2)) {
                case "batch/upsert" -> upsert(matcher.group(1), body);
                case "batch/update" -> update(matcher.group(1), body);
                case "batch/read" -> batchRead(matcher.group(1), body);
                default -> search(matcher.group(1), body);
            };
        }
        if ((matcher = PROPERTY.matcher(path)).matches()) {
            return Answer.ok(Map.of("name", matcher.group(2), "label", matcher.group(2), "type", "string", "fieldType", "text",
                    "groupName", matcher.group(1).replaceAll("s$", "") + "information", "hasUniqueValue", matcher.group(2).equals(UNIQUE)));
        }
        if ((matcher = ASSOCIATE.matcher(path)).matches()) {
            return associate(matcher.group(1), matcher.group(2), read(request.body()));
        }
        if ((matcher = OBJECT.matcher(path)).matches()) {
            return object(request.method(), matcher.group(1), matcher.group(2), read(request.body()), request.query());
        }
        return new Answer(404, Map.of("status", "error", "message", "Unable to route " + request.method() + " " + path, "category", "OBJECT_NOT_FOUND"),
                Map.of());
    }

    /**
     * The basic object endpoints a rep's tool or a private app uses: {@code GET} (one object, or a page
     * of them with {@code limit}/{@code after}), {@code PATCH} of one object's properties and
     * {@code POST} of a new one. Writes here count as the rep's, not as PartnerSync's.
     */
    private synchronized Answer object(String method, String type, String id, JsonNode body, String query) {
        Map<String, Versioned<Map<String, String>>> ofType = objects.getOrDefault(type, Map.of());
        if (id == null && method.equals("GET")) {
            return Answer.ok(page(ofType, query));
        }
        if (id == null && method.equals("POST")) {
            String created = create(type, properties(body.path("properties")), "user create");
            return new Answer(201, shaped(created, ofType(type).get(created).current(), null), Map.of());
        }
        if (id == null || !ofType.containsKey(id)) {
            return new Answer(404, Map.of("status", "error", "message", "Object not found.  objectId are usually numeric.", "category", "OBJECT_NOT_FOUND"),
                    Map.of());
        }
        return switch (method) {
            case "GET" -> Answer.ok(shaped(id, ofType.get(id).current(), null));
            case "PATCH" -> {
                write(type, id, properties(body.path("properties")), "user edit");
                yield Answer.ok(shaped(id, ofType.get(id).current(), null));
            }
            default -> new Answer(405, Map.of("status", "error", "message", method + " is not supported here", "category", "VALIDATION_ERROR"), Map.of());
        };
    }

    /** A page of a list call: {@code limit} (10 by default, at most 100) objects after {@code after}, by id, with the next page's cursor. */
    private static Map<String, Object> page(Map<String, Versioned<Map<String, String>>> ofType, String query) {
        int limit = 10;
        long after = 0;
        for (String parameter : query == null ? new String[0] : query.split("&")) {
            String[] pair = parameter.split("=", 2);
            if (pair.length == 2 && pair[0].equals("limit")) {
                limit = Math.max(1, Math.min(100, Integer.parseInt(pair[1])));
            } else if (pair.length == 2 && pair[0].equals("after")) {
                after = Long.parseLong(pair[1]);
            }
        }
        long from = after;
        List<String> ids = ofType.keySet().stream().filter(key -> Long.parseLong(key) > from).sorted(Comparator.comparingLong(Long::parseLong)).toList();
        List<Map<String, Object>> results = new ArrayList<>();
        ids.stream().limit(limit).forEach(key -> results.add(shaped(key, ofType.get(key).current(), null)));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("results", results);
        if (ids.size() > limit) {
            String next = ids.get(limit - 1);
            answer.put("paging", Map.of("next", Map.of("after", next, "link", "?after=" + next)));
        }
        return answer;
    }

    private Map<String, Versioned<Map<String, String>>> ofType(String type) {
        return objects.computeIfAbsent(type, t -> new LinkedHashMap<>());
    }

    private synchronized Answer upsert(String type, JsonNode body) {
        Set<String> values = new HashSet<>();
        for (JsonNode input : body.path("inputs")) {
            if (!values.add(input.path("id").asText())) {
                return validation("Duplicate IDs found in batch input: [" + input.path("id").asText() + "]. IDs must be unique");
            }
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (JsonNode input : body.path("inputs")) {
            String property = input.path("idProperty").asText(UNIQUE);
            String value = input.path("id").asText();
            String id = unique.get(type + "|" + value);
            Map<String, String> changes = properties(input.path("properties"));
            changes.put(property, value);
            boolean created = id == null;
            id = created ? create(type, changes, "API upsert (created)") : write(type, id, changes, "API upsert");
            results.add(result(type, id, Map.of("new", created)));
        }
        countWrites(type, results.size());
        return Answer.ok(Map.of("status", "COMPLETE", "results", results, "startedAt", iso(System.currentTimeMillis()),
                "completedAt", iso(System.currentTimeMillis())));
    }

    private synchronized Answer update(String type, JsonNode body) {
        List<Map<String, Object>> results = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        for (JsonNode input : body.path("inputs")) {
            String id = input.path("id").asText();
            Map<String, String> changes = properties(input.path("properties"));
            String taken = changes.containsKey(UNIQUE) ? unique.get(type + "|" + changes.get(UNIQUE)) : null;
            if (!objects.getOrDefault(type, Map.of()).containsKey(id)) {
                errors.add(error("OBJECT_NOT_FOUND", "Could not get some " + type + " objects, they may be deleted or not exist.", id));
            } else if (taken != null && !taken.equals(id)) {
                errors.add(error("VALIDATION_ERROR", "Property values were not valid: " + UNIQUE + " already has that value on object " + taken, id));
            } else {
                write(type, id, changes, "API update");
                results.add(result(type, id, Map.of()));
            }
        }
        countWrites(type, results.size());
        return multiStatus(results, errors);
    }

    private synchronized Answer batchRead(String type, JsonNode body) {
        List<Map<String, Object>> results = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        String idProperty = body.path("idProperty").asText(null);
        for (JsonNode input : body.path("inputs")) {
            String id = idProperty == null ? input.path("id").asText() : unique.get(type + "|" + input.path("id").asText());
            if (id == null || !objects.getOrDefault(type, Map.of()).containsKey(id)) {
                errors.add(error("OBJECT_NOT_FOUND", "Could not get some " + type + " objects, they may be deleted or not exist.", input.path("id").asText()));
            } else {
                results.add(shaped(id, objects.get(type).get(id).current(), requested(body)));
            }
        }
        return multiStatus(results, errors);
    }

    private Answer search(String type, JsonNode body) {
        int limit = body.path("limit").asInt(10);
        int after = body.path("after").asInt(0);
        if (limit > 200) {
            return validation("limit must be at most 200");
        }
        if (after >= 10_000) {
            return validation("There was a problem with the request. (the search API returns at most 10,000 results)");
        }
        Predicate<Map<String, String>> where = filterGroups(body.path("filterGroups"));
        JsonNode sort = body.path("sorts").path(0);
        String sortBy = sort.path("propertyName").asText("hs_object_id");
        Comparator<Map<String, String>> order = (a, b) -> compare(a.get(sortBy), b.get(sortBy));
        if (sort.path("direction").asText("ASCENDING").equals("DESCENDING")) {
            order = order.reversed();
        }
        order = order.thenComparing(p -> Long.parseLong(p.get("hs_object_id")));
        List<Map<String, String>> matching = new ArrayList<>();
        synchronized (this) {
            for (Versioned<Map<String, String>> object : objects.getOrDefault(type, Map.of()).values()) {
                Map<String, String> visible = object.visible(lag());
                if (visible != null && where.test(visible)) {
                    matching.add(visible);
                }
            }
        }
        matching.sort(order);
        Set<String> requested = requested(body);
        List<Map<String, Object>> results = matching.subList(Math.min(after, matching.size()), Math.min(Math.min(after + limit, matching.size()), 10_000))
                .stream().map(p -> shaped(p.get("hs_object_id"), p, requested)).toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("total", matching.size());
        answer.put("results", results);
        if (after + limit < matching.size()) {
            String next = String.valueOf(after + limit);
            answer.put("paging", Map.of("next", Map.of("after", next, "link", "?after=" + next)));
        }
        return Answer.ok(answer);
    }

    private static Predicate<Map<String, String>> filterGroups(JsonNode groups) {
        if (groups.isEmpty()) {
            return p -> true;
        }
        Predicate<Map<String, String>> any = p -> false;
        for (JsonNode group : groups) {
            Predicate<Map<String, String>> all = p -> true;
            for (JsonNode filter : group.path("filters")) {
                all = all.and(filter(filter));
            }
            any = any.or(all);
        }
        return any;
    }

    private static Predicate<Map<String, String>> filter(JsonNode filter) {
        String property = filter.path("propertyName").asText();
        String operator = filter.path("operator").asText();
        String value = filter.path("value").asText(null);
        return p -> {
            String actual = p.get(property);
            boolean has = actual != null && !actual.isEmpty();
            return switch (operator) {
                case "HAS_PROPERTY" -> has;
                case "NOT_HAS_PROPERTY" -> !has;
                case "EQ" -> has && compare(actual, value) == 0;
                case "NEQ" -> !has || compare(actual, value) != 0;
                case "GT" -> has && compare(actual, value) > 0;
                case "GTE" -> has && compare(actual, value) >= 0;
                case "LT" -> has && compare(actual, value) < 0;
                case "LTE" -> has && compare(actual, value) <= 0;
                case "BETWEEN" -> has && compare(actual, value) >= 0 && compare(actual, filter.path("highValue").asText()) <= 0;
                case "IN" -> {
                    boolean found = false;
                    for (JsonNode v : filter.path("values")) {
                        found |= has && compare(actual, v.asText()) == 0;
                    }
                    yield found;
                }
                default -> throw new IllegalArgumentException("operator " + operator + " is not simulated");
            };
        };
    }

    /** As HubSpot compares: datetimes (stored ISO, filtered in epoch milliseconds or ISO) as instants, numbers as numbers, else text. */
    static int compare(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        Long ma = millis(a);
        Long mb = millis(b);
        if (ma != null && mb != null) {
            return Long.compare(ma, mb);
        }
        try {
            return new BigDecimal(a).compareTo(new BigDecimal(b));
        } catch (NumberFormatException e) {
            return a.compareToIgnoreCase(b);
        }
    }

    private static final ParsedTimes<Long> TIMES = new ParsedTimes<>(HubSpotSimulator::parseMillis);

    private static Long millis(String value) {
        if (value.length() > 10 && value.charAt(10) == 'T') {
            return TIMES.of(value);
        }
        return value.length() >= 12 && value.length() <= 14 && value.chars().allMatch(c -> c >= '0' && c <= '9') ? Long.parseLong(value) : null;
    }

    private static Long parseMillis(String value) {
        try {
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private synchronized Answer associate(String from, String to, JsonNode body) {
        if (body.path("inputs").size() > associationBatchMaximum) {
            return validation("Batch input size " + body.path("inputs").size() + " exceeds the maximum of " + associationBatchMaximum);
        }
        Set<String> pairs = associations.computeIfAbsent(from + "/" + to, k -> new HashSet<>());
        List<Map<String, Object>> results = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        for (JsonNode input : body.path("inputs")) {
            String fromId = input.path("from").path("id").asText();
            String toId = input.path("to").path("id").asText();
            boolean fromExists = objects.getOrDefault(from, Map.of()).containsKey(fromId);
            if (!fromExists || !objects.getOrDefault(to, Map.of()).containsKey(toId)) {
                errors.add(error("VALIDATION_ERROR", "No " + (fromExists ? to + " with ID " + toId : from + " with ID " + fromId) + " exists",
                        fromExists ? toId : fromId));
                continue;
            }
            pairs.add(fromId + ">" + toId);
            results.add(Map.of("from", Map.of("id", fromId), "to", Map.of("id", toId),
                    "associationSpec", Map.of("associationCategory", "HUBSPOT_DEFINED", "associationTypeId", from.equals("contacts") ? 1 : 5)));
        }
        return multiStatus(results, errors);
    }

    /** A rep creates a record in the portal; returns its id. */
    public synchronized String create(String type, Map<String, String> properties) {
        return create(type, properties, "user create");
    }

    private String create(String type, Map<String, String> properties, String actor) {
        String id = String.valueOf(ids.incrementAndGet());
        Map<String, String> created = new LinkedHashMap<>(properties);
        String now = iso(System.currentTimeMillis());
        created.put("hs_object_id", id);
        created.put("createdate", now);
        stampModified(type, created, null);
        objects.computeIfAbsent(type, t -> new LinkedHashMap<>()).put(id, new Versioned<>(created, LinkedHashMap::new, actor));
        if (created.get(UNIQUE) != null) {
            unique.put(type + "|" + created.get(UNIQUE), id);
        }
        Webhooks subscribed = webhooks;
        if (subscribed != null) {
            subscribed.created(type, id, source(actor));
        }
        return id;
    }

    /** A rep (or the API) changes properties of a record; its last-modified date moves on. */
    public synchronized String write(String type, String id, Map<String, String> changes) {
        return write(type, id, changes, "user edit");
    }

    /** For diagnostics: every version of an object written and older versions searches were served, or {@code null} for an unknown id. */
    public synchronized Versioned.Trace<Map<String, String>> trace(String type, String id) {
        Versioned<Map<String, String>> object = objects.getOrDefault(type, Map.of()).get(id);
        return object == null ? null : new Versioned.Trace<>(object.history(), object.served());
    }

    private String write(String type, String id, Map<String, String> changes, String actor) {
        Versioned<Map<String, String>> object = objects.get(type).get(id);
        Map<String, String> next = new LinkedHashMap<>(object.current());
        next.putAll(changes);
        Map<String, String> changed = new LinkedHashMap<>();
        changes.forEach((property, value) -> {
            if (!Objects.equals(value, object.current().get(property))) {
                changed.put(property, value);
            }
        });
        stampModified(type, next, object.current());
        object.write(next, lag(), actor);
        if (next.get(UNIQUE) != null && !next.get(UNIQUE).isEmpty()) {
            unique.put(type + "|" + next.get(UNIQUE), id);
        }
        Webhooks subscribed = webhooks;
        if (subscribed != null && !changed.isEmpty()) {
            subscribed.changed(type, id, changed, source(actor));
        }
        return id;
    }

    /** HubSpot's {@code changeSource}: the API's writes are an integration's, the rest a rep's in the CRM. */
    private static String source(String actor) {
        return actor.startsWith("API") ? "INTEGRATION" : "CRM_UI";
    }

    /**
     * From now on, every create and property change is delivered to {@code target} as HubSpot's
     * webhooks are, signed with {@code clientSecret} (the app's client secret).
     */
    public void subscribe(URI target, String clientSecret) {
        Webhooks previous = webhooks;
        webhooks = new Webhooks(name(), target, clientSecret, portalId);
        if (previous != null) {
            previous.close();
        }
    }

    /** Webhook batches delivered (answered 2xx) so far; 0 without a subscription. */
    public long webhooksDelivered() {
        Webhooks subscribed = webhooks;
        return subscribed == null ? 0 : subscribed.delivered();
    }

    @Override
    public void close() {
        Webhooks subscribed = webhooks;
        if (subscribed != null) {
            subscribed.close();
        }
        super.close();
    }

    /** Forgets every object and association, as a fresh portal (a test's fresh start). */
    public synchronized void clear() {
        objects.clear();
        unique.clear();
        associations.clear();
    }

    /** The records of a type as they are now, by id (copies). */
    public synchronized Map<String, Map<String, String>> all(String type) {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        objects.getOrDefault(type, Map.of()).forEach((id, object) -> copy.put(id, new LinkedHashMap<>(object.current())));
        return copy;
    }

    private static void stampModified(String type, Map<String, String> next, Map<String, String> previous) {
        long before = previous == null ? 0 : Instant.parse(previous.get("hs_lastmodifieddate")).toEpochMilli();
        String stamp = iso(Math.max(System.currentTimeMillis(), before + 1));
        next.put("hs_lastmodifieddate", stamp);
        if (type.equals("contacts")) {
            next.put("lastmodifieddate", stamp);
        }
    }

    private Map<String, Object> result(String type, String id, Map<String, Object> extra) {
        Map<String, Object> result = shaped(id, objects.get(type).get(id).current(), null);
        result.putAll(extra);
        return result;
    }

    /** An object as the API returns it; {@code requested} null means every property. */
    private static Map<String, Object> shaped(String id, Map<String, String> properties, Set<String> requested) {
        Map<String, Object> shown = new LinkedHashMap<>();
        if (requested == null) {
            shown.putAll(properties);
        } else {
            for (String name : requested) {
                shown.put(name, properties.get(name));
            }
            for (String name : List.of("hs_object_id", "createdate", "hs_lastmodifieddate", "lastmodifieddate")) {
                if (properties.containsKey(name)) {
                    shown.put(name, properties.get(name));
                }
            }
        }
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("id", id);
        object.put("properties", shown);
        object.put("createdAt", properties.get("createdate"));
        object.put("updatedAt", properties.get("hs_lastmodifieddate"));
        object.put("archived", false);
        return object;
    }

    private static Set<String> requested(JsonNode body) {
        Set<String> names = new LinkedHashSet<>();
        body.path("properties").forEach(p -> names.add(p.asText()));
        return names;
    }

    private static Map<String, String> properties(JsonNode node) {
        Map<String, String> properties = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> properties.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        return properties;
    }

    private static Map<String, Object> error(String category, String message, String id) {
        return Map.of("status", "error", "category", category, "message", message, "context", Map.of("ids", List.of(id)));
    }

    private static Answer multiStatus(List<Map<String, Object>> results, List<Map<String, Object>> errors) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "COMPLETE");
        answer.put("results", results);
        if (!errors.isEmpty()) {
            answer.put("numErrors", errors.size());
            answer.put("errors", errors);
        }
        answer.put("startedAt", iso(System.currentTimeMillis()));
        answer.put("completedAt", iso(System.currentTimeMillis()));
        return new Answer(errors.isEmpty() ? 200 : 207, answer, Map.of());
    }

    private static Answer validation(String message) {
        return new Answer(400, Map.of("status", "error", "message", message, "category", "VALIDATION_ERROR"), Map.of());
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + body, e);
        }
    }
}
