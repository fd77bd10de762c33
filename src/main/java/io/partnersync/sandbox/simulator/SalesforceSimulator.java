package io.partnersync.sandbox.simulator;

import com.fasterxml.jackson.core.type.TypeReference;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * A stateful Salesforce org in the shapes of the REST API, as camel-salesforce and PartnerSync use
 * it: the OAuth token endpoint (client credentials) and revocation; {@code query}/{@code queryAll}
 * evaluating the SOQL ({@link Soql}) on the records as queries see them ({@link Versioned}), in
 * pages of the requested {@code batchSize} followed through {@code nextRecordsUrl}; sObject
 * Collections upsert by an external id field, one result per record, all records of one call
 * stamped with the same SystemModstamp (one transaction); {@code Sforce-Limit-Info} on every
 * answer. Users' creates and edits ({@link #create}, {@link #edit}) move SystemModstamp on.
 */
public final class SalesforceSimulator extends Simulator {

    public static final String TOKEN = "00DRELIAB0000001!AQMAQReliabilityToken";
    private static final DateTimeFormatter MODSTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);
    private static final Pattern UPSERT = Pattern.compile("/services/data/v[\\d.]+/composite/sobjects/(\\w+)/(\\w+)/?");
    private static final Pattern UPDATE = Pattern.compile("/services/data/v[\\d.]+/composite/sobjects/?");
    private static final Pattern QUERY = Pattern.compile("/services/data/v[\\d.]+/(query|queryAll)/?");
    private static final Pattern MORE = Pattern.compile("/services/data/v([\\d.]+)/query/(01g\\w+)-(\\d+)");
    private static final Pattern SOBJECT = Pattern.compile("/services/data/v[\\d.]+/sobjects/(\\w+)(?:/(\\w+))?/?");
    private static final Pattern INGEST = Pattern.compile("/services/data/v[\\d.]+/jobs/ingest/?(?:(\\w+)/?(batches|successfulResults|failedResults)?/?)?");
    private static final Pattern BATCH_SIZE = Pattern.compile("batchSize=(\\d+)");

    private static final int MAX_OPEN_CURSORS = 1000;
    private final AtomicLong ids = new AtomicLong();
    private final BulkIngest bulk = new BulkIngest(this);
    private final AtomicLong cursors = new AtomicLong();
    /** object -> Id -> record. */
    private final Map<String, Map<String, Versioned<Map<String, Object>>>> records = new HashMap<>();
    /** query locator -> the records it found, projected. */
    private final Map<String, List<Map<String, Object>>> open = new ConcurrentHashMap<>();
    /** "object|field|value" -> the record with that external id (the fields upserted by). */
    private final Map<String, Versioned<Map<String, Object>>> externalIds = new HashMap<>();
    private long lastStamp;
    /** Ids of the records some query answer has carried. */
    private final Set<String> served = ConcurrentHashMap.newKeySet();
    /** Describes of the objects set up ({@link #describe}). */
    private final Map<String, Map<String, Object>> describes = new ConcurrentHashMap<>();

    /**
     * @param port the loopback port; 0 for any free one
     * @param lag how long after a write queries see it
     * @param slowDelay how long an injected slow answer takes
     */
    private volatile long allowance = 5_000_000;
    private final java.util.concurrent.atomic.AtomicLong othersUse = new java.util.concurrent.atomic.AtomicLong();

    /** The org's 24-hour API allowance (5,000,000 unless set); calls past it are refused with REQUEST_LIMIT_EXCEEDED. */
    public SalesforceSimulator allowance(long calls) {
        this.allowance = calls;
        return this;
    }

    /** Calls the vendor's own tools made (they count against the same allowance). */
    public void othersUse(long calls) {
        othersUse.addAndGet(calls);
    }

    /** The org's use of its allowance: every call it answered, and the vendor's own tools'. */
    public long used() {
        return totalCalls() + othersUse.get();
    }

    public SalesforceSimulator(int port, Duration lag, Duration slowDelay) {
        super("salesforce-org", port, lag, slowDelay);
    }

    @Override
    protected String kind(Request request) {
        String path = request.url().split("\\?")[0];
        if (path.startsWith("/services/oauth2/")) {
            return "login";
        }
        if (UPSERT.matcher(path).matches()) {
            return "upsert";
        }
        if (UPDATE.matcher(path).matches()) {
            return "update";
        }
        if (QUERY.matcher(path).matches() || MORE.matcher(path).matches()) {
            return "query";
        }
        Matcher sobject = SOBJECT.matcher(path);
        if (sobject.matches()) {
            return "describe".equals(sobject.group(2)) ? "describe " + sobject.group(1) : "sobject " + request.method();
        }
        if (INGEST.matcher(path).matches()) {
            return "bulk";
        }
        return "other " + request.method() + " " + path;
    }

    @Override
    protected Answer refusal(int status) {
        return new Answer(status, List.of(Map.of("errorCode", status == 429 ? "REQUEST_LIMIT_EXCEEDED_CONCURRENT" : "SERVER_UNAVAILABLE",
                "message", status == 429 ? "Too many requests, retry later" : "Service temporarily unavailable")),
                Map.of("Retry-After", "1"));
    }

    @Override
    protected Answer answer(Request request) {
        String path = request.url().split("\\?")[0];
        Answer answer;
        Matcher matcher;
        if (path.equals("/services/oauth2/authorize") || path.startsWith("/services/oauth2/authorize/")) {
            answer = consent(path, request.query());
        } else if (path.equals("/services/oauth2/token") && request.body() != null && request.body().contains("grant_type=authorization_code")) {
            answer = codeExchange(request.body());
        } else if (path.equals("/services/oauth2/token")) {
            answer = Answer.ok(Map.of("access_token", TOKEN, "instance_url", url(),
                    "id", "https://login.salesforce.com/id/00DRELIAB0000001MAG/005RELIAB000001IAQ", "token_type", "Bearer",
                    "issued_at", String.valueOf(System.currentTimeMillis()), "signature", "cmVsaWFiaWxpdHk="));
        } else if (path.equals("/services/oauth2/revoke")) {
            answer = Answer.ok(null);
        } else if ((matcher = UPSERT.matcher(path)).matches() && request.method().equals("PATCH")) {
            answer = Answer.ok(upsert(matcher.group(1), matcher.group(2), request.body()));
        } else if (UPDATE.matcher(path).matches() && request.method().equals("PATCH")) {
            answer = Answer.ok(update(request.body()));
        } else if (QUERY.matcher(path).matches()) {
            answer = query(request);
        } else if ((matcher = MORE.matcher(path)).matches()) {
            answer = more(matcher.group(1), matcher.group(2), Integer.parseInt(matcher.group(3)), batchSize(request));
        } else if ((matcher = INGEST.matcher(path)).matches()) {
            answer = bulk.answer(request.method(), matcher.group(1), matcher.group(2), request.body());
        } else if ((matcher = SOBJECT.matcher(path)).matches()) {
            answer = sobject(request.method(), matcher.group(1), matcher.group(2), request.body());
        } else {
            answer = new Answer(404, List.of(Map.of("errorCode", "NOT_FOUND", "message", "The requested resource does not exist")), Map.of());
        }
        if (used() > allowance && !path.startsWith("/services/oauth2/")) {
            // Salesforce refuses every call past the org's 24-hour allowance
            answer = new Answer(403, List.of(Map.of("errorCode", "REQUEST_LIMIT_EXCEEDED", "message", "TotalRequests Limit exceeded.")), Map.of());
        }
        Map<String, String> headers = new HashMap<>(answer.headers());
        headers.put("Sforce-Limit-Info", "api-usage=" + used() + "/" + allowance);
        return new Answer(answer.status(), answer.body(), headers);
    }

    private final Map<String, String> codes = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The web server flow's authorize page, where the org's admin allows the connected app (a link
     * to {@code /services/oauth2/authorize/grant}, answered with a redirect to {@code redirect_uri}
     * with a single-use {@code code}; {@code .../deny}: {@code error=access_denied}).
     */
    private Answer consent(String path, String query) {
        Map<String, String> form = form(query);
        String redirect = form.get("redirect_uri");
        if (redirect == null || form.get("client_id") == null) {
            return new Answer(400, Map.of("error", "invalid_request", "error_description", "missing client_id or redirect_uri"), Map.of());
        }
        String state = java.net.URLEncoder.encode(form.getOrDefault("state", ""), java.nio.charset.StandardCharsets.UTF_8);
        if (path.endsWith("/grant")) {
            String code = "aPrx" + java.util.UUID.randomUUID().toString().replace("-", "");
            codes.put(code, redirect);
            return new Answer(302, null, Map.of("Location", redirect + (redirect.contains("?") ? "&" : "?") + "code=" + code + "&state=" + state));
        }
        if (path.endsWith("/deny")) {
            return new Answer(302, null, Map.of("Location", redirect + (redirect.contains("?") ? "&" : "?") + "error=access_denied&state=" + state));
        }
        String escaped = query.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Allow access? · Salesforce (simulated)</title></head><body>"
                + "<h1>Allow access to org 00DRELIAB0000001MAG?</h1><p>The connected app asks to access your data.</p>"
                + "<p><a id=\"grant\" href=\"/services/oauth2/authorize/grant?" + escaped + "\">Allow</a> · "
                + "<a id=\"deny\" href=\"/services/oauth2/authorize/deny?" + escaped + "\">Deny</a></p></body></html>";
        return new Answer(200, new Text("text/html; charset=utf-8", html), Map.of());
    }

    /** The web server flow's code exchange: a refresh token for a code issued for the same redirect, once. */
    private Answer codeExchange(String body) {
        Map<String, String> form = form(body);
        String redirect = form.get("code") == null ? null : codes.remove(form.get("code"));
        if (redirect == null || !redirect.equals(form.get("redirect_uri"))) {
            return new Answer(400, Map.of("error", "invalid_grant", "error_description", "authentication failure"), Map.of());
        }
        return Answer.ok(Map.of("access_token", TOKEN, "refresh_token", "5Aep861RELIAB" + java.util.UUID.randomUUID().toString().replace("-", ""),
                "instance_url", url(), "id", "https://login.salesforce.com/id/00DRELIAB0000001MAG/005RELIAB000001IAQ", "token_type", "Bearer",
                "issued_at", String.valueOf(System.currentTimeMillis()), "signature", "cmVsaWFiaWxpdHk=", "scope", "api refresh_token"));
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> values = new HashMap<>();
        if (encoded == null || encoded.isBlank()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            values.put(java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8),
                    eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
        }
        return values;
    }

    private Answer query(Request request) {
        String raw = request.url();
        String q = raw.substring(raw.indexOf('?') + 1);
        String soql = null;
        for (String parameter : q.split("&")) {
            if (parameter.startsWith("q=")) {
                soql = URLDecoder.decode(parameter.substring(2), StandardCharsets.UTF_8);
            }
        }
        if (soql == null) {
            return new Answer(400, List.of(Map.of("errorCode", "MALFORMED_QUERY", "message", "the query has no q parameter")), Map.of());
        }
        Soql query;
        try {
            query = Soql.parse(soql);
        } catch (IllegalArgumentException e) {
            return new Answer(400, List.of(Map.of("errorCode", "MALFORMED_QUERY", "message", e.getMessage())), Map.of());
        }
        boolean all = raw.contains("/queryAll");
        List<Map<String, Object>> found = new ArrayList<>();
        synchronized (this) {
            for (Versioned<Map<String, Object>> record : records.getOrDefault(query.object, Map.of()).values()) {
                Map<String, Object> visible = record.visible(lag());
                if (visible != null && (all || !Boolean.TRUE.equals(visible.get("IsDeleted"))) && query.where.test(visible)) {
                    found.add(visible);
                }
            }
        }
        found.sort(query.order);
        List<Map<String, Object>> projected;
        synchronized (this) {
            projected = found.stream().limit(query.limit == null ? Long.MAX_VALUE : query.limit).map(r -> query.project(related(r, query.fields))).toList();
        }
        String locator = "01gRELIAB" + String.format("%09d", cursors.incrementAndGet());
        open.put(locator, projected);
        if (open.size() > MAX_OPEN_CURSORS) {
            // a real org lets query locators expire; the oldest go first here (a reader killed half-way never comes back for its pages)
            open.keySet().stream().sorted().limit(open.size() - MAX_OPEN_CURSORS).toList().forEach(open::remove);
        }
        return more(versionOf(raw), locator, 0, batchSize(request));
    }

    private Answer more(String version, String locator, int from, int batchSize) {
        List<Map<String, Object>> found = open.get(locator);
        if (found == null) {
            return new Answer(400, List.of(Map.of("errorCode", "INVALID_QUERY_LOCATOR", "message", "invalid query locator")), Map.of());
        }
        int to = Math.min(found.size(), from + batchSize);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("totalSize", found.size());
        page.put("done", to >= found.size());
        if (to < found.size()) {
            page.put("nextRecordsUrl", "/services/data/v" + version + "/query/" + locator + "-" + to);
        } else {
            open.remove(locator);
        }
        page.put("records", found.subList(from, to));
        found.subList(from, to).forEach(record -> served.add(String.valueOf(record.get("Id"))));
        return Answer.ok(page);
    }

    private static String versionOf(String url) {
        Matcher version = Pattern.compile("/services/data/v([\\d.]+)/").matcher(url);
        return version.find() ? version.group(1) : "62.0";
    }

    /** Sforce-Query-Options: batchSize=n (200 to 2,000; 2,000 without it). */
    private static int batchSize(Request request) {
        String options = request.header("Sforce-Query-Options");
        Matcher size = BATCH_SIZE.matcher(options == null ? "" : options);
        return size.find() ? Math.max(200, Math.min(2000, Integer.parseInt(size.group(1)))) : 2000;
    }

    /** Upserts rows by an external id in one transaction (the Bulk API's processing); one result per row, as sObject Collections answers. */
    synchronized List<Map<String, Object>> upsertRows(String object, String externalIdField, List<Map<String, Object>> rows) {
        try {
            return upsert(object, externalIdField, JSON.writeValueAsString(Map.of("allOrNone", false, "records", rows)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PATCH composite/sobjects/{object}/{field}: one transaction, one SystemModstamp, one result per record in the order sent. */
    private synchronized List<Map<String, Object>> upsert(String object, String externalIdField, String body) {
        Map<String, Object> request = read(body);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> inputs = (List<Map<String, Object>>) request.get("records");
        String stamp = stamp();
        List<Map<String, Object>> results = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        for (Map<String, Object> input : inputs) {
            Object key = input.get(externalIdField);
            if (key == null || !seen.add(key)) {
                results.add(Map.of("success", false, "errors", List.of(Map.of("statusCode", key == null ? "REQUIRED_FIELD_MISSING" : "DUPLICATE_EXTERNAL_ID",
                        "message", key == null ? "Required fields are missing: [" + externalIdField + "]" : "Duplicate external id in one request",
                        "fields", List.of(externalIdField)))));
                continue;
            }
            Versioned<Map<String, Object>> existing = byField(object, externalIdField, key.toString());
            Map<String, Object> next = existing == null ? newRecord(object, stamp) : copy(existing.current());
            input.forEach((field, value) -> {
                if (!field.equals("attributes") && !(value instanceof Map)) {
                    next.put(field, value);
                }
            });
            List<String> missing = missingRequired(object, next);
            if (!missing.isEmpty()) {
                results.add(requiredFieldsMissing(missing));
                continue;
            }
            next.put("SystemModstamp", stamp);
            next.put("LastModifiedDate", stamp);
            if (existing == null) {
                Versioned<Map<String, Object>> created = new Versioned<>(next, SalesforceSimulator::copy, "API upsert (created)");
                records.computeIfAbsent(object, o -> new LinkedHashMap<>()).put(next.get("Id").toString(), created);
                externalIds.put(object + "|" + externalIdField + "|" + key, created);
            } else {
                existing.write(next, lag(), "API upsert");
            }
            results.add(Map.of("id", next.get("Id"), "success", true, "errors", List.of(), "created", existing == null));
        }
        countWrites(object, (int) results.stream().filter(r -> Boolean.TRUE.equals(r.get("success"))).count());
        return results;
    }

    /** The fields an org requires on every record of {@code object} that {@code record} lacks (an Opportunity's Name, StageName and CloseDate). */
    private static List<String> missingRequired(String object, Map<String, Object> record) {
        List<String> required = "Opportunity".equals(object) ? List.of("Name", "StageName", "CloseDate") : List.of();
        return required.stream().filter(field -> record.get(field) == null || record.get(field).toString().isBlank()).toList();
    }

    private static Map<String, Object> requiredFieldsMissing(List<String> fields) {
        return Map.of("success", false, "errors", List.of(Map.of("statusCode", "REQUIRED_FIELD_MISSING",
                "message", "Required fields are missing: " + fields, "fields", fields)));
    }

    /** PATCH composite/sobjects: update by Id, one SystemModstamp, one result per record; an unknown Id is ENTITY_IS_DELETED. */
    @SuppressWarnings("unchecked")
    private synchronized List<Map<String, Object>> update(String body) {
        List<Map<String, Object>> inputs = (List<Map<String, Object>>) read(body).get("records");
        String stamp = stamp();
        List<Map<String, Object>> results = new ArrayList<>();
        String object = null;
        for (Map<String, Object> input : inputs) {
            object = String.valueOf(((Map<String, Object>) input.get("attributes")).get("type"));
            Versioned<Map<String, Object>> existing = records.getOrDefault(object, Map.of()).get(String.valueOf(input.get("id")));
            if (existing == null) {
                results.add(Map.of("id", String.valueOf(input.get("id")), "success", false, "errors",
                        List.of(Map.of("statusCode", "ENTITY_IS_DELETED", "message", "entity is deleted", "fields", List.of()))));
                continue;
            }
            Map<String, Object> next = copy(existing.current());
            input.forEach((field, value) -> {
                if (!field.equals("attributes") && !field.equals("id") && !(value instanceof Map)) {
                    next.put(field, value);
                }
            });
            List<String> missing = missingRequired(object, next);
            if (!missing.isEmpty()) {
                results.add(requiredFieldsMissing(missing));
                continue;
            }
            next.put("SystemModstamp", stamp);
            next.put("LastModifiedDate", stamp);
            existing.write(next, lag(), "API update");
            String upsertKey = "PartnerSync_Id__c";
            if (next.get(upsertKey) != null) {
                externalIds.put(object + "|" + upsertKey + "|" + next.get(upsertKey), existing);
            }
            results.add(Map.of("id", next.get("Id"), "success", true, "errors", List.of()));
        }
        if (object != null) {
            countWrites(object, (int) results.stream().filter(r -> Boolean.TRUE.equals(r.get("success"))).count());
        }
        return results;
    }

    /**
     * The record with the parents its relationship fields name ({@code Account.Name}) filled in from
     * their lookup ({@code AccountId}, or {@code Partner__c} for {@code Partner__r}), as an org joins
     * them; a record seeded with the parent nested keeps it.
     */
    private Map<String, Object> related(Map<String, Object> record, List<String> fields) {
        Map<String, Object> joined = null;
        for (String field : fields) {
            int dot = field.indexOf('.');
            if (dot < 0) {
                continue;
            }
            String relationship = field.substring(0, dot);
            if (record.get(relationship) instanceof Map) {
                continue;
            }
            String lookup = relationship.endsWith("__r") ? relationship.replace("__r", "__c") : relationship + "Id";
            Object parentId = record.get(lookup);
            Map<String, Object> parent = null;
            for (Map<String, Versioned<Map<String, Object>>> byId : records.values()) {
                Versioned<Map<String, Object>> found = parentId == null ? null : byId.get(parentId.toString());
                if (found != null) {
                    parent = found.current();
                }
            }
            if (parent != null) {
                joined = joined == null ? new LinkedHashMap<>(record) : joined;
                joined.put(relationship, parent);
            }
        }
        return joined == null ? record : joined;
    }

    private Versioned<Map<String, Object>> byField(String object, String field, String value) {
        return externalIds.get(object + "|" + field + "|" + value);
    }

    private Map<String, Object> newRecord(String object, String stamp) {
        String id = prefix(object) + "RLB" + String.format("%012d", ids.incrementAndGet());
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("attributes", Map.of("type", object, "url", "/services/data/v62.0/sobjects/" + object + "/" + id));
        record.put("Id", id);
        record.put("IsDeleted", false);
        record.put("CreatedDate", stamp);
        return record;
    }

    /**
     * The sObject resource, as a Salesforce user's tool (Workbench, the CLI, curl) uses it: {@code GET}
     * and {@code PATCH} of {@code sobjects/{object}/{id}}, {@code POST} of {@code sobjects/{object}}.
     * Writes here count as a user's, not as PartnerSync's.
     */
    private Answer sobject(String method, String object, String id, String body) {
        if ("describe".equals(id) && method.equals("GET")) {
            Map<String, Object> described = describes.get(object);
            return described == null
                    ? new Answer(404, List.of(Map.of("errorCode", "NOT_FOUND", "message", "The requested resource does not exist")), Map.of())
                    : Answer.ok(described);
        }
        if (id == null && method.equals("POST")) {
            Map<String, Object> fields = read(body);
            fields.remove("attributes");
            return new Answer(201, Map.of("id", create(object, fields), "success", true, "errors", List.of()), Map.of());
        }
        Versioned<Map<String, Object>> record;
        synchronized (this) {
            record = id == null ? null : records.getOrDefault(object, Map.of()).get(id);
        }
        if (record == null) {
            return new Answer(404, List.of(Map.of("errorCode", "NOT_FOUND", "message", "The requested resource does not exist")), Map.of());
        }
        if (method.equals("GET")) {
            synchronized (this) {
                return Answer.ok(copy(record.current()));
            }
        }
        if (method.equals("PATCH")) {
            Map<String, Object> changes = read(body);
            changes.keySet().removeAll(List.of("attributes", "Id", "SystemModstamp", "LastModifiedDate", "CreatedDate"));
            edit(object, id, changes);
            return new Answer(204, null, Map.of());
        }
        return new Answer(405, List.of(Map.of("errorCode", "METHOD_NOT_ALLOWED", "message", "HTTP Method '" + method + "' not allowed")), Map.of());
    }

    /**
     * Sets an object up as an admin would, for its describe ({@code sobjects/<object>/describe}):
     * each field by name with its type ({@code string}, {@code picklist}, ...), {@code picklistValues}
     * for a picklist, {@code externalId} for an External ID; {@code Id}, {@code SystemModstamp} and
     * {@code IsDeleted} are standard.
     */
    public synchronized SalesforceSimulator describe(String object, Map<String, Map<String, Object>> fields) {
        List<Map<String, Object>> described = new ArrayList<>();
        described.add(Map.of("name", "Id", "type", "id"));
        described.add(Map.of("name", "SystemModstamp", "type", "datetime"));
        described.add(Map.of("name", "IsDeleted", "type", "boolean"));
        fields.forEach((name, field) -> {
            Map<String, Object> one = new LinkedHashMap<>(field);
            one.put("name", name);
            described.add(one);
        });
        describes.put(object, Map.of("name", object, "fields", described));
        return this;
    }

    /** A Salesforce user creates a record (fields without Id); returns its Id. */
    public synchronized String create(String object, Map<String, Object> fields) {
        String stamp = stamp();
        Map<String, Object> record = newRecord(object, stamp);
        record.putAll(fields);
        record.put("SystemModstamp", stamp);
        record.put("LastModifiedDate", stamp);
        records.computeIfAbsent(object, o -> new LinkedHashMap<>()).put(record.get("Id").toString(), new Versioned<>(record, SalesforceSimulator::copy, "user create"));
        return record.get("Id").toString();
    }

    /**
     * A record as a data load put it in, with its own {@code Id} (and prefix); {@code SystemModstamp}
     * is now. Returns the Id.
     */
    public synchronized String seed(String object, Map<String, Object> record) {
        String stamp = stamp();
        Map<String, Object> seeded = new LinkedHashMap<>(record);
        Object id = seeded.get("Id");
        if (id == null) {
            throw new IllegalArgumentException("a seeded " + object + " needs its Id");
        }
        seeded.putIfAbsent("attributes", Map.of("type", object, "url", "/services/data/v62.0/sobjects/" + object + "/" + id));
        seeded.putIfAbsent("IsDeleted", false);
        seeded.putIfAbsent("CreatedDate", stamp);
        seeded.put("SystemModstamp", stamp);
        seeded.put("LastModifiedDate", stamp);
        records.computeIfAbsent(object, o -> new LinkedHashMap<>()).put(id.toString(), new Versioned<>(seeded, SalesforceSimulator::copy, "data load"));
        return id.toString();
    }

    /** A Salesforce user changes fields of a record; its SystemModstamp moves on. */
    public synchronized void edit(String object, String id, Map<String, Object> changes) {
        Versioned<Map<String, Object>> record = records.get(object).get(id);
        Map<String, Object> next = copy(record.current());
        next.putAll(changes);
        String stamp = stamp();
        next.put("SystemModstamp", stamp);
        next.put("LastModifiedDate", stamp);
        record.write(next, lag(), "user edit");
    }

    /** Forgets every record, as a fresh org (a test's fresh start). */
    public synchronized void clear() {
        records.clear();
        externalIds.clear();
        open.clear();
        served.clear();
    }

    /** Whether a query's answer has carried the record with this Id (a reader has seen it). */
    public boolean served(String id) {
        return served.contains(id);
    }

    /** For diagnostics: every version of a record written and older versions queries were served, or {@code null} for an unknown id. */
    public synchronized Versioned.Trace<Map<String, Object>> trace(String object, String id) {
        Versioned<Map<String, Object>> record = records.getOrDefault(object, Map.of()).get(id);
        return record == null ? null : new Versioned.Trace<>(record.history(), record.served());
    }

    /** The records of an object as they are now (deleted ones included), copies. */
    public synchronized List<Map<String, Object>> all(String object) {
        return records.getOrDefault(object, Map.of()).values().stream().map(v -> copy(v.current())).toList();
    }

    /** Now, in Salesforce's format, never before the previous stamp (one clock for the org). */
    private String stamp() {
        lastStamp = Math.max(System.currentTimeMillis(), lastStamp);
        return MODSTAMP.format(Instant.ofEpochMilli(lastStamp));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> record) {
        Map<String, Object> copy = new LinkedHashMap<>();
        record.forEach((k, v) -> copy.put(k, v instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : v));
        return copy;
    }

    private static Map<String, Object> read(String body) {
        try {
            return JSON.readValue(body, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + body, e);
        }
    }

    private static String prefix(String object) {
        return switch (object) {
            case "Account" -> "001";
            case "Opportunity" -> "006";
            case "Lead" -> "00Q";
            default -> "a0X";
        };
    }
}
