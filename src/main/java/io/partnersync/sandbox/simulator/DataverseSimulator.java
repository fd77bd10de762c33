package io.partnersync.sandbox.simulator;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful Microsoft Dataverse environment (Dynamics 365) on loopback, speaking the Web API v9.2
 * as Microsoft's public reference describes it, for the parts a sync service uses:
 * <ul>
 *   <li>Entra ID's client-credentials token endpoint ({@code POST /<tenant>/oauth2/v2.0/token});</li>
 *   <li>change tracking: {@code Prefer: odata.track-changes} reads the whole set with
 *       {@code @odata.nextLink} pages and a final {@code @odata.deltaLink}; the delta link returns what
 *       changed since, deletions as {@code $deletedEntity} items; {@code $filter} and {@code $orderby}
 *       are refused with it, as Dataverse does;</li>
 *   <li>upsert by the alternate key {@code partnersync_id}: {@code PATCH <set>(partnersync_id='…')} with
 *       {@code If-Match: *} (update only) and {@code If-None-Match: *} (create only), and
 *       {@code UpsertMultiple} (all or nothing, {@code @odata.type} required on every target);</li>
 *   <li>the service protection limit on requests (6,000 per 300 s per user unless set lower), answered
 *       429 with {@code Retry-After} and code {@code 0x80072322}; errors as {@code {"error":{"code","message"}}}.</li>
 * </ul>
 * Tables: {@code leads}, {@code opportunities} and the custom {@code partnersync_payouts}; each row has
 * its primary key ({@code leadid}, ...), {@code versionnumber}, {@code createdon} and {@code modifiedon}.
 */
public final class DataverseSimulator extends Simulator {

    /** The alternate key PartnerSync upserts by. */
    public static final String KEY = "partnersync_id";
    private static final String API = "/api/data/v9.2/";
    private static final Map<String, String> TABLES = Map.of("leads", "lead", "opportunities", "opportunity", "partnersync_payouts", "partnersync_payout");
    private static final Pattern TOKEN = Pattern.compile("/([^/]+)/oauth2/v2\\.0/token");
    private static final Pattern SET = Pattern.compile(Pattern.quote(API) + "([a-z_]+)");
    private static final Pattern BY_KEY = Pattern.compile(Pattern.quote(API) + "([a-z_]+)\\(" + KEY + "='((?:[^']|'')*)'\\)");
    private static final Pattern BY_ID = Pattern.compile(Pattern.quote(API) + "([a-z_]+)\\(([0-9a-f-]{36})\\)");
    private static final Pattern UPSERT_MULTIPLE = Pattern.compile(Pattern.quote(API) + "([a-z_]+)/Microsoft\\.Dynamics\\.CRM\\.UpsertMultiple");
    private static final Pattern ODATA_ID = Pattern.compile("([a-z_]+)\\(" + KEY + "='((?:[^']|'')*)'\\)");
    private static final Pattern ODATA_ROW = Pattern.compile("([a-z_]+)\\(([0-9a-f-]{36})\\)");
    private static final Pattern DEFINITION = Pattern.compile(Pattern.quote(API)
            + "EntityDefinitions\\(LogicalName='([a-z_]+)'\\)(/Attributes/Microsoft\\.Dynamics\\.CRM\\.PicklistAttributeMetadata)?");
    private static final Pattern IN = Pattern.compile("Microsoft\\.Dynamics\\.CRM\\.In\\(PropertyName='([a-z_]+)',PropertyValues=\\[(.*)\\]\\)");
    private static final Pattern PAGE_SIZE = Pattern.compile("odata\\.maxpagesize=(\\d+)");

    /** A column of a table's definition: its {@code AttributeType} and, for a Choice ({@code Picklist}), its option values. */
    public record Column(String type, List<Integer> options) {
        public static Column of(String type) {
            return new Column(type, List.of());
        }

        public static Column choice(Integer... options) {
            return new Column("Picklist", List.of(options));
        }
    }

    /** What the environment's metadata says of a table an admin set up. */
    private record Definition(String table, boolean changeTracking, boolean alternateKey, Map<String, Column> columns) {
    }

    /** One row and the version of its last change. */
    private record Row(Map<String, Object> fields, long version) {
    }

    /** One change of a table, in order: an upsert or a deletion of the row with this id. */
    private record Change(long version, String id, boolean deleted) {
    }

    private final Map<String, Map<String, Row>> tables = new HashMap<>();
    /** Per table, the row id of each alternate key value (Dataverse's index on the key). */
    private final Map<String, Map<String, String>> keys = new HashMap<>();
    /** By entity set; a set without one takes any column (a test's bare environment). */
    private final Map<String, Definition> definitions = new HashMap<>();
    private final Map<String, List<Change>> changeLog = new HashMap<>();
    private final AtomicLong versions = new AtomicLong(1_000);
    private final AtomicLong tokens = new AtomicLong();
    private final Set<String> issued = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Deque<Long> recent = new ArrayDeque<>();
    private volatile int requestsPer300Seconds = 6_000;
    private final AtomicLong limited = new AtomicLong();

    public DataverseSimulator(int port, Duration lag, Duration slowDelay) {
        super("dataverse", port, lag, slowDelay);
    }

    /** A lower service protection limit than Dataverse's 6,000 requests per 300 s (a test that must see a 429). */
    public DataverseSimulator requestLimit(int requestsPer300Seconds) {
        this.requestsPer300Seconds = requestsPer300Seconds;
        return this;
    }

    /**
     * Sets a table up as an admin would: its columns beside the standard ones (primary key,
     * {@code createdon}, {@code modifiedon}, {@code versionnumber}), change tracking, the alternate key on
     * {@code partnersync_id}. The metadata API then describes it, and writes through the Web API are
     * refused for a column it does not have or a Choice value it does not offer, as Dataverse does.
     */
    public synchronized DataverseSimulator define(String set, boolean changeTracking, boolean alternateKey, Map<String, Column> columns) {
        Map<String, Column> all = new LinkedHashMap<>();
        all.put(primaryKey(set), Column.of("Uniqueidentifier"));
        all.put("createdon", Column.of("DateTime"));
        all.put("modifiedon", Column.of("DateTime"));
        all.put("versionnumber", Column.of("BigInt"));
        all.putAll(columns);
        definitions.put(set, new Definition(TABLES.get(set), changeTracking, alternateKey, all));
        return this;
    }

    /** Takes a table's set-up away, as if it had never been created (a test of what the metadata then says). */
    public synchronized DataverseSimulator forget(String set) {
        definitions.remove(set);
        return this;
    }

    /** Requests refused with 429 by the service protection limit (not injected faults). */
    public long limited() {
        return limited.get();
    }

    @Override
    protected String kind(Request request) {
        String path = path(request);
        if (TOKEN.matcher(path).matches()) {
            return "token";
        }
        if (DEFINITION.matcher(path).matches()) {
            return "metadata";
        }
        if (UPSERT_MULTIPLE.matcher(path).matches()) {
            return "upsert multiple";
        }
        if (BY_KEY.matcher(path).matches() || BY_ID.matcher(path).matches()) {
            return "row " + request.method();
        }
        if (SET.matcher(path).matches()) {
            return query(request).containsKey("$deltatoken") ? "delta" : "read";
        }
        return "other " + request.method() + " " + path;
    }

    @Override
    protected Answer refusal(int status) {
        return status == 429 ? protectionLimit(1)
                : error(503, "0x80040216", "The service is temporarily unavailable. Try again later.");
    }

    /** The request limit's 429, with the seconds until the oldest request of the window leaves it as {@code Retry-After}. */
    private Answer protectionLimit() {
        long oldest = recent.isEmpty() ? System.nanoTime() : recent.peekFirst();
        return protectionLimit(Math.max(1, (300_000_000_000L - (System.nanoTime() - oldest) + 999_999_999L) / 1_000_000_000L));
    }

    private Answer protectionLimit(long retryAfterSeconds) {
        return new Answer(429, Map.of("error", Map.of("code", "0x80072322", "message",
                "Number of requests exceeded the limit of " + requestsPer300Seconds + " over time window of 300 seconds.")),
                Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
    }

    /** Every answer after the token says how many requests are left in the window ({@code x-ms-ratelimit-burst-remaining-xrm-requests}). */
    @Override
    protected synchronized Answer answer(Request request) {
        Answer answer = route(request);
        if (TOKEN.matcher(path(request)).matches()) {
            return answer;
        }
        Map<String, String> headers = new HashMap<>(answer.headers());
        headers.put("x-ms-ratelimit-burst-remaining-xrm-requests", String.valueOf(Math.max(0, requestsPer300Seconds - recent.size())));
        return new Answer(answer.status(), answer.body(), headers);
    }

    /** The tenant whose administrator consents on this environment's stand-in of Entra ID's admin consent page. */
    private volatile String consentTenant = "5f0c1a2b-0000-4000-8000-00000000c0de";

    public DataverseSimulator consentTenant(String tenant) {
        this.consentTenant = tenant;
        return this;
    }

    /**
     * Entra ID's admin consent, played by the environment for a local run: the page
     * ({@code /<tenant>/v2.0/adminconsent?client_id&scope&redirect_uri&state}) with an "Accept" link
     * answered by a redirect to {@code redirect_uri} with {@code admin_consent=True} and the tenant
     * (Cancel: {@code error=access_denied}).
     */
    private Answer adminConsent(String path, String query) {
        Map<String, String> form = new HashMap<>();
        for (String pair : (query == null ? "" : query).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(java.net.URLDecoder.decode(pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        String redirect = form.get("redirect_uri");
        if (redirect == null || form.get("client_id") == null) {
            return new Answer(400, Map.of("error", "invalid_request", "error_description", "AADSTS900144: client_id and redirect_uri are required"), Map.of());
        }
        String state = java.net.URLEncoder.encode(form.getOrDefault("state", ""), java.nio.charset.StandardCharsets.UTF_8);
        String back = redirect + (redirect.contains("?") ? "&" : "?");
        if (path.endsWith("/grant")) {
            return new Answer(302, null, Map.of("Location", back + "admin_consent=True&tenant=" + consentTenant + "&state=" + state));
        }
        if (path.endsWith("/deny")) {
            return new Answer(302, null, Map.of("Location", back + "error=access_denied&error_description=AADSTS65004&state=" + state));
        }
        String escaped = query.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
        String base = path.substring(0, path.indexOf("/v2.0/"));
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Permissions requested · Entra ID (simulated)</title></head>"
                + "<body><h1>Permissions requested: accept for your organization</h1><p>The app asks for access to your Dynamics 365 environment.</p>"
                + "<p><a id=\"grant\" href=\"" + base + "/v2.0/adminconsent/grant?" + escaped + "\">Accept</a> · <a id=\"deny\" href=\"" + base
                + "/v2.0/adminconsent/deny?" + escaped + "\">Cancel</a></p></body></html>";
        return new Answer(200, new Text("text/html; charset=utf-8", html), Map.of());
    }

    private Answer route(Request request) {
        String path = path(request);
        Matcher token = TOKEN.matcher(path);
        if (token.matches()) {
            return token(request);
        }
        if (path.matches("/[^/]+/v2\\.0/adminconsent(/grant|/deny)?")) {
            return adminConsent(path, request.query());
        }
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ") || !issued.contains(authorization.substring(7))) {
            return error(401, "0x80040220", "The user is not authenticated: a bearer token from Entra ID is required.");
        }
        if (overLimit()) {
            limited.incrementAndGet();
            return protectionLimit();
        }
        Matcher definition = DEFINITION.matcher(path);
        if (definition.matches() && request.method().equals("GET")) {
            return definition(definition.group(1), definition.group(2) != null);
        }
        Matcher multiple = UPSERT_MULTIPLE.matcher(path);
        if (multiple.matches() && request.method().equals("POST")) {
            return upsertMultiple(multiple.group(1), request.body());
        }
        Matcher byKey = BY_KEY.matcher(path);
        if (byKey.matches()) {
            String key = byKey.group(2).replace("''", "'");
            return switch (request.method()) {
                case "PATCH" -> upsert(byKey.group(1), key, request);
                case "GET" -> rowAnswer(byKey.group(1), idOfKey(byKey.group(1), key), query(request));
                default -> error(405, "0x80060888", "Method " + request.method() + " is not allowed here.");
            };
        }
        Matcher byId = BY_ID.matcher(path);
        if (byId.matches()) {
            return switch (request.method()) {
                case "GET" -> rowAnswer(byId.group(1), byId.group(2), query(request));
                case "PATCH" -> {
                    Map<String, Object> fields = fields(request.body());
                    if (fields == null) {
                        yield error(400, "0x80048d19", "Error identified in Payload provided by the user for Entity :'" + TABLES.get(byId.group(1)) + "'.");
                    }
                    Answer refused = refused(byId.group(1), fields);
                    if (refused != null) {
                        yield refused;
                    }
                    write(byId.group(1), byId.group(2), (String) fields.get(KEY), fields);
                    countWrites(byId.group(1), 1);
                    yield new Answer(204, null, Map.of("OData-EntityId", url() + API + byId.group(1) + "(" + byId.group(2) + ")"));
                }
                case "DELETE" -> {
                    boolean gone = delete(byId.group(1), byId.group(2));
                    yield gone ? new Answer(204, null, Map.of()) : notFound(byId.group(1), byId.group(2));
                }
                default -> error(405, "0x80060888", "Method " + request.method() + " is not allowed here.");
            };
        }
        Matcher set = SET.matcher(path);
        if (set.matches() && request.method().equals("GET")) {
            return read(set.group(1), request);
        }
        return error(404, "0x80060888", "Resource not found for the segment '" + path + "'.");
    }

    private Answer token(Request request) {
        Map<String, String> form = form(request.body());
        if (!"client_credentials".equals(form.get("grant_type")) || blank(form.get("client_id")) || blank(form.get("client_secret"))) {
            return new Answer(401, Map.of("error", "invalid_client", "error_description", "AADSTS7000215: Invalid client secret provided.",
                    "error_codes", List.of(7000215)), Map.of());
        }
        if (form.get("scope") == null || !form.get("scope").contains("/.default")) {
            return new Answer(400, Map.of("error", "invalid_scope", "error_description", "AADSTS1002012: The provided value for scope is not valid."),
                    Map.of());
        }
        String accessToken = "sim-at-" + tokens.incrementAndGet();
        issued.add(accessToken);
        return Answer.ok(Map.of("token_type", "Bearer", "expires_in", 3599, "ext_expires_in", 3599, "access_token", accessToken));
    }

    private boolean overLimit() {
        long now = System.nanoTime();
        while (!recent.isEmpty() && now - recent.peekFirst() >= 300_000_000_000L) {
            recent.pollFirst();
        }
        if (recent.size() >= requestsPer300Seconds) {
            return true;
        }
        recent.addLast(now);
        return false;
    }

    /** Change tracking: the whole set (paged), or what changed since a delta token; a plain query by {@code $filter} on the key. */
    private Answer read(String set, Request request) {
        if (!TABLES.containsKey(set)) {
            return error(404, "0x80060888", "Resource not found for the segment '" + set + "'.");
        }
        Map<String, String> query = query(request);
        String prefer = request.header("Prefer") == null ? "" : request.header("Prefer");
        boolean tracking = prefer.contains("odata.track-changes") || query.containsKey("$deltatoken");
        if (tracking && (query.containsKey("$filter") || query.containsKey("$orderby") || query.containsKey("$top") || query.containsKey("$expand"))) {
            return error(400, "0x80060888", "The query parameter " + (query.containsKey("$filter") ? "$filter" : query.containsKey("$orderby") ? "$orderby"
                    : query.containsKey("$top") ? "$top" : "$expand") + " isn't supported when Change Tracking is enabled.");
        }
        Matcher size = PAGE_SIZE.matcher(prefer);
        int pageSize = Math.min(5_000, size.find() ? Math.max(1, Integer.parseInt(size.group(1))) : 5_000);
        Set<String> select = select(query);
        if (!tracking) {
            return filtered(set, query, select, pageSize);
        }
        // the skip token carries the page's start and the version the whole read answers as of
        long asOf;
        long since;
        int offset = 0;
        if (query.containsKey("$skiptoken")) {
            String[] parts = query.get("$skiptoken").split("!");
            offset = Integer.parseInt(parts[0]);
            since = Long.parseLong(parts[1]);
            asOf = Long.parseLong(parts[2]);
        } else {
            asOf = versions.get();
            since = query.containsKey("$deltatoken") ? Long.parseLong(query.get("$deltatoken").split("!")[0]) : -1;
        }
        List<Map<String, Object>> items = since < 0 ? initial(set, asOf, select) : delta(set, since, asOf, select);
        Map<String, Object> body = new LinkedHashMap<>();
        String selected = query.get("$select") == null ? "" : "$select=" + enc(query.get("$select")) + "&";
        body.put("@odata.context", url() + API + "$metadata#" + set + (since < 0 ? "" : "/$delta"));
        body.put("value", items.subList(Math.min(offset, items.size()), Math.min(offset + pageSize, items.size())));
        if (offset + pageSize < items.size()) {
            body.put("@odata.nextLink", url() + API + set + "?" + selected + "$skiptoken=" + enc((offset + pageSize) + "!" + since + "!" + asOf));
        } else {
            body.put("@odata.deltaLink", url() + API + set + "?" + selected + "$deltatoken=" + enc(asOf + "!" + iso(System.currentTimeMillis())));
        }
        return new Answer(200, body, Map.of("Preference-Applied", "odata.track-changes"));
    }

    private List<Map<String, Object>> initial(String set, long asOf, Set<String> select) {
        return table(set).values().stream().filter(row -> row.version() <= asOf).sorted(java.util.Comparator.comparingLong(Row::version))
                .map(row -> shown(set, row, select)).toList();
    }

    /** New and changed rows first (by version), then deletions, as Dataverse lists them. */
    private List<Map<String, Object>> delta(String set, long since, long asOf, Set<String> select) {
        Map<String, Change> latest = new LinkedHashMap<>();
        for (Change change : changeLog.getOrDefault(set, List.of())) {
            if (change.version() > since && change.version() <= asOf) {
                latest.remove(change.id());
                latest.put(change.id(), change);
            }
        }
        List<Map<String, Object>> items = new ArrayList<>();
        latest.values().stream().filter(c -> !c.deleted()).forEach(c -> {
            Row row = table(set).get(c.id());
            if (row != null) {
                items.add(shown(set, row, select));
            }
        });
        latest.values().stream().filter(Change::deleted).forEach(c -> items.add(Map.of("@odata.context", url() + API + "$metadata#" + set + "/$deletedEntity",
                "id", c.id(), "reason", "deleted")));
        return items;
    }

    /**
     * {@code $filter=partnersync_id eq '…'} or {@code <primary key> eq <guid>} (joined with {@code or}), or
     * {@code Microsoft.Dynamics.CRM.In(PropertyName='<column>',PropertyValues=['…',…])} on either: the reads of given records.
     */
    private Answer filtered(String set, Map<String, String> query, Set<String> select, int pageSize) {
        String filter = in(query.getOrDefault("$filter", ""));
        Matcher keys = Pattern.compile(KEY + " eq '((?:[^']|'')*)'").matcher(filter);
        Set<String> wanted = new LinkedHashSet<>();
        while (keys.find()) {
            wanted.add(keys.group(1).replace("''", "'"));
        }
        Matcher ids = Pattern.compile(primaryKey(set) + " eq ([0-9a-f-]{36})").matcher(filter);
        Set<String> wantedIds = new LinkedHashSet<>();
        while (ids.find()) {
            wantedIds.add(ids.group(1));
        }
        List<Map<String, Object>> rows = table(set).values().stream()
                .filter(row -> filter.isBlank() || wanted.contains(String.valueOf(row.fields().get(KEY)))
                        || wantedIds.contains(String.valueOf(row.fields().get(primaryKey(set)))))
                .map(row -> shown(set, row, select)).limit(pageSize).toList();
        return Answer.ok(Map.of("@odata.context", url() + API + "$metadata#" + set, "value", rows));
    }

    /** An {@code In} query function rewritten as the {@code eq … or …} filter it means. */
    private static String in(String filter) {
        Matcher in = IN.matcher(filter);
        if (!in.matches()) {
            return filter;
        }
        List<String> terms = new ArrayList<>();
        Matcher value = Pattern.compile("'((?:[^']|'')*)'").matcher(in.group(2));
        while (value.find()) {
            terms.add(in.group(1) + " eq " + (in.group(1).equals(KEY) ? "'" + value.group(1) + "'" : value.group(1)));
        }
        return terms.isEmpty() ? "false" : String.join(" or ", terms);
    }

    private Answer rowAnswer(String set, String id, Map<String, String> query) {
        Row row = id == null ? null : table(set).get(id);
        return row == null ? notFound(set, id) : Answer.ok(shown(set, row, select(query)));
    }

    /** PATCH by alternate key: create or update, unless a condition says only one of them. */
    private Answer upsert(String set, String key, Request request) {
        Map<String, Object> fields = fields(request.body());
        if (fields == null) {
            return error(400, "0x80048d19", "Error identified in Payload provided by the user for Entity :'" + TABLES.get(set) + "'.");
        }
        Answer refused = refused(set, fields);
        if (refused != null) {
            return refused;
        }
        String id = idOfKey(set, key);
        String ifMatch = request.header("If-Match");
        String ifNoneMatch = request.header("If-None-Match");
        if (id == null && "*".equals(ifMatch)) {
            return notFound(set, key);
        }
        if (id != null && "*".equals(ifNoneMatch)) {
            return error(412, "0x80040237", "A record with matching key values already exists.");
        }
        boolean created = id == null;
        id = write(set, id, key, fields);
        countWrites(set, 1);
        String entityId = url() + API + set + "(" + KEY + "='" + key.replace("'", "''") + "')";
        String prefer = request.header("Prefer") == null ? "" : request.header("Prefer");
        if (prefer.contains("return=representation")) {
            return new Answer(created ? 201 : 200, shown(set, table(set).get(id), Set.of()), Map.of("OData-EntityId", entityId));
        }
        return new Answer(204, null, Map.of("OData-EntityId", entityId));
    }

    /** All targets or none: a target without {@code @odata.type}, without a key, or with a key twice refuses the request. */
    @SuppressWarnings("unchecked")
    private Answer upsertMultiple(String set, String body) {
        Map<String, Object> request = fields(body);
        Object targets = request == null ? null : request.get("Targets");
        if (!(targets instanceof List<?> list) || list.isEmpty()) {
            return error(400, "0x80048d19", "UpsertMultiple needs Targets: a list of records.");
        }
        String type = "Microsoft.Dynamics.CRM." + TABLES.get(set);
        Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        for (Object item : list) {
            Map<String, Object> target = new LinkedHashMap<>((Map<String, Object>) item);
            if (!type.equals(target.remove("@odata.type"))) {
                return error(400, "0x80048d19", "Every target needs \"@odata.type\": \"" + type + "\".");
            }
            Object odataId = target.remove("@odata.id");
            Answer refused = refused(set, target);
            if (refused != null) {
                return refused; // one bad row refuses the whole request
            }
            Matcher row = ODATA_ROW.matcher(odataId == null ? "" : odataId.toString());
            if (row.matches()) {
                byId.put(row.group(2), target); // by the row's own id: its key, if any, is a column of the body
                continue;
            }
            String key = odataId == null ? (String) target.get(KEY) : keyOf(String.valueOf(odataId));
            if (key == null) {
                return error(400, "0x80040203", "A target has no " + KEY + " (its \"@odata.id\" names the alternate key).");
            }
            if (byKey.put(key, target) != null) {
                return error(400, "0x80040237", "Duplicate key " + KEY + "='" + key + "' in one UpsertMultiple request.");
            }
        }
        byKey.forEach((key, fields) -> write(set, idOfKey(set, key), key, fields));
        byId.forEach((id, fields) -> write(set, id, (String) fields.get(KEY), fields));
        countWrites(set, byKey.size() + byId.size());
        return new Answer(204, null, Map.of());
    }

    /** {@code EntityDefinitions(LogicalName='…')} with its columns and keys, or the options of its Choice columns. */
    private Answer definition(String table, boolean choices) {
        var found = definitions.entrySet().stream().filter(d -> d.getValue().table().equals(table)).findFirst();
        if (found.isEmpty()) {
            return error(404, "0x80040217", "Could not find an entity with LogicalName = " + table + ".");
        }
        Definition definition = found.get().getValue();
        if (choices) {
            List<Map<String, Object>> value = new ArrayList<>();
            definition.columns().forEach((column, type) -> {
                if (type.type().equals("Picklist")) {
                    value.add(Map.of("LogicalName", column, "OptionSet", Map.of("Options", type.options().stream()
                            .map(option -> Map.of("Value", option)).toList())));
                }
            });
            return Answer.ok(Map.of("@odata.context", url() + API + "$metadata#EntityDefinitions('" + table + "')/Attributes", "value", value));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("LogicalName", table);
        body.put("EntitySetName", found.get().getKey());
        body.put("ChangeTrackingEnabled", definition.changeTracking());
        body.put("Attributes", definition.columns().entrySet().stream()
                .map(c -> Map.of("LogicalName", c.getKey(), "AttributeType", c.getValue().type())).toList());
        body.put("Keys", definition.alternateKey() ? List.of(Map.of("LogicalName", "partnersync_key", "KeyAttributes", List.of(KEY))) : List.of());
        return Answer.ok(body);
    }

    /** Dataverse's refusal of a write with a column the table does not have or a Choice value it does not offer; {@code null} when fine. */
    private Answer refused(String set, Map<String, Object> fields) {
        Definition definition = definitions.get(set);
        if (definition == null) {
            return null;
        }
        for (var field : fields.entrySet()) {
            if (field.getKey().startsWith("@")) {
                continue;
            }
            Column column = definition.columns().get(field.getKey());
            if (column == null) {
                return error(400, "0x80060888", "Invalid property '" + field.getKey() + "' was found in entity 'Microsoft.Dynamics.CRM." + definition.table() + "'.");
            }
            if (column.type().equals("Picklist") && field.getValue() != null
                    && !(field.getValue() instanceof Number number && column.options().contains(number.intValue()))) {
                return error(400, "0x8004431a", "A validation error occurred. The value " + field.getValue() + " of '" + field.getKey() + "' on record of type '"
                        + definition.table() + "' is outside the valid range. Accepted Values: " + column.options());
            }
        }
        return null;
    }

    private static String keyOf(String odataId) {
        Matcher matcher = ODATA_ID.matcher(odataId);
        return matcher.find() ? matcher.group(2).replace("''", "'") : null;
    }

    /** Writes a row (new when {@code id} is null) as one change; returns its id. */
    private String write(String set, String id, String key, Map<String, Object> changes) {
        long version = versions.incrementAndGet();
        String now = iso(System.currentTimeMillis());
        Row existing = id == null ? null : table(set).get(id);
        Map<String, Object> fields = existing == null ? new LinkedHashMap<>() : new LinkedHashMap<>(existing.fields());
        String rowId = id == null ? UUID.randomUUID().toString() : id;
        if (existing == null) {
            fields.put(primaryKey(set), rowId);
            fields.put("createdon", now);
        }
        changes.forEach((field, value) -> {
            if (!field.startsWith("@")) {
                fields.put(field, value);
            }
        });
        if (key != null) {
            fields.put(KEY, key);
        }
        fields.put("modifiedon", now);
        fields.put("versionnumber", version);
        table(set).put(rowId, new Row(fields, version));
        Object previous = existing == null ? null : existing.fields().get(KEY);
        if (previous != null && !previous.equals(fields.get(KEY))) {
            keys(set).remove(previous.toString());
        }
        if (fields.get(KEY) != null) {
            keys(set).put(fields.get(KEY).toString(), rowId);
        }
        changeLog.computeIfAbsent(set, s -> new ArrayList<>()).add(new Change(version, rowId, false));
        return rowId;
    }

    private boolean delete(String set, String id) {
        Row removed = table(set).remove(id);
        if (removed == null) {
            return false;
        }
        if (removed.fields().get(KEY) != null) {
            keys(set).remove(removed.fields().get(KEY).toString());
        }
        changeLog.computeIfAbsent(set, s -> new ArrayList<>()).add(new Change(versions.incrementAndGet(), id, true));
        return true;
    }

    private String idOfKey(String set, String key) {
        return keys(set).get(key);
    }

    private Map<String, String> keys(String set) {
        return keys.computeIfAbsent(set, s -> new HashMap<>());
    }

    private Map<String, Object> shown(String set, Row row, Set<String> select) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("@odata.etag", "W/\"" + row.version() + "\"");
        row.fields().forEach((field, value) -> {
            if (select.isEmpty() || select.contains(field) || field.equals(primaryKey(set))) {
                shown.put(field, value);
            }
        });
        return shown;
    }

    private Map<String, Row> table(String set) {
        return tables.computeIfAbsent(set, s -> new LinkedHashMap<>());
    }

    private static String primaryKey(String set) {
        return TABLES.get(set) + "id";
    }

    /** A user creates a row in the environment (as in a model-driven app); returns its id. */
    public synchronized String create(String set, Map<String, Object> fields) {
        return write(set, null, (String) fields.get(KEY), fields);
    }

    /** A user changes columns of a row; its {@code modifiedon} and version move on. */
    public synchronized void edit(String set, String id, Map<String, Object> changes) {
        if (!table(set).containsKey(id)) {
            throw new IllegalArgumentException("no row " + id + " in " + set);
        }
        write(set, id, (String) table(set).get(id).fields().get(KEY), changes);
    }

    /** A user deletes a row: change tracking reports it as deleted. */
    public synchronized void userDeletes(String set, String id) {
        if (!delete(set, id)) {
            throw new IllegalArgumentException("no row " + id + " in " + set);
        }
    }

    /** The rows of a table as they are now, copies. */
    public synchronized List<Map<String, Object>> all(String set) {
        return table(set).values().stream().map(row -> (Map<String, Object>) new LinkedHashMap<>(row.fields())).toList();
    }

    /** Forgets every row and change, as a fresh environment. */
    public synchronized void clear() {
        tables.clear();
        keys.clear();
        changeLog.clear();
        recent.clear();
    }

    private Answer notFound(String set, String id) {
        return error(404, "0x80040217", TABLES.getOrDefault(set, set) + " With Id = " + id + " Does Not Exist");
    }

    private static Answer error(int status, String code, String message) {
        return new Answer(status, Map.of("error", Map.of("code", code, "message", message)), Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fields(String body) {
        try {
            return body == null || body.isBlank() ? Map.of() : JSON.readValue(body, Map.class);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static Set<String> select(Map<String, String> query) {
        String select = query.get("$select");
        return select == null ? Set.of() : new LinkedHashSet<>(List.of(select.split(",")));
    }

    /** The path decoded (a key literal arrives as {@code %27P-1%27}). */
    private static String path(Request request) {
        return URLDecoder.decode(request.path().replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(Request request) {
        return form(request.query());
    }

    private static Map<String, String> form(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return values;
        }
        for (String pair : text.split("&")) {
            String[] kv = pair.split("=", 2);
            values.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return values;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
