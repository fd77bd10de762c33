package io.partnersync.connector.dynamics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.sync.spi.CategorizedException;
import io.partnersync.sync.spi.FailureCategory;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The few calls of the Dataverse Web API (v9.2) a sync needs, typed, on {@code java.net.http}:
 * change-tracked reads with their next and delta links, reads by alternate key, upsert by alternate
 * key and {@code UpsertMultiple}. Written from Microsoft's public Web API reference: no official Java
 * client exists, and Olingo's generic OData client would bring a second HTTP stack and XML libraries
 * while leaving tokens, 429s and paging to us (see the connector's package documentation).
 * Thread-safe; one per connector.
 */
final class DataverseClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** The longest service-protection pause a call waits out instead of failing (its work is then retried by the engine). */
    private static final Duration MAX_WAIT = Duration.ofSeconds(10);
    /** Sends of one call in all, when 429s ask for short waits; every call is idempotent (reads, upserts by key or id). */
    private static final int ATTEMPTS = 3;
    /** Requests per user per 5 minutes by default; the header only says what is left. */
    static final long REQUESTS_PER_WINDOW = 6_000;
    /** Values per {@code In} filter: 400 GUID literals make a URL of about 18,000 characters. */
    static final int IN_VALUES = 400;
    private static final String REQUESTS_LEFT = "x-ms-ratelimit-burst-remaining-xrm-requests";

    private final URI api;
    private final EntraTokens tokens;
    private final HttpClient http;
    private final ObjectMapper json;
    /**
     * Until when Dataverse asked this user to wait (its last 429's {@code Retry-After}): no request
     * goes out before, since each one sent while throttled makes the wait longer.
     */
    private volatile Instant pausedUntil = Instant.MIN;
    private volatile String pauseReason;
    /** Requests left in the 5-minute window as the environment last said, or -1. */
    private volatile long requestsLeft = -1;

    /**
     * @param environment the environment's URL, {@code https://<org>.crm.dynamics.com}
     * @param key the alternate key column every written table has ({@code partnersync_id})
     */
    DataverseClient(URI environment, String apiVersion, EntraTokens tokens, HttpClient http, ObjectMapper json) {
        this.api = URI.create(environment.toString().replaceAll("/+$", "") + "/api/data/v" + apiVersion + "/");
        this.tokens = tokens;
        this.http = http;
        this.json = json;
    }

    /**
     * One page of a change-tracked read.
     *
     * @param rows new and changed rows, as the environment sent them
     * @param deleted ids of rows deleted since the delta link the read started from
     * @param nextLink the next page of this read, or {@code null} on its last page
     * @param deltaLink on the last page: where the next read starts, to see only what changed since
     */
    record Page(List<Map<String, Object>> rows, List<String> deleted, String nextLink, String deltaLink) {
    }

    /** The first page of a change-tracked read of the whole table {@code set}. */
    Page track(String set, List<String> select, int pageSize) {
        return page(URI.create(api + set + "?$select=" + encode(String.join(",", select))), pageSize);
    }

    /** The page a next link or a delta link names (verbatim: the link carries the read's state). */
    Page follow(String link, int pageSize) {
        return page(URI.create(link), pageSize);
    }

    private Page page(URI uri, int pageSize) {
        JsonNode body = send("GET", uri, null, Map.of("Prefer", "odata.track-changes,odata.maxpagesize=" + pageSize));
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        for (JsonNode item : body.path("value")) {
            if (item.path("@odata.context").asText("").endsWith("$deletedEntity")) {
                deleted.add(item.path("id").asText());
            } else {
                rows.add(json.convertValue(item, Map.class));
            }
        }
        return new Page(rows, deleted, text(body, "@odata.nextLink"), text(body, "@odata.deltaLink"));
    }

    /** The rows of {@code set} whose alternate key is one of {@code keys} (the ids of rows just written, an operator's resync). */
    List<Map<String, Object>> byKeys(String set, String key, List<String> select, List<String> keys) {
        return in(set, key, select, keys);
    }

    /** The rows of {@code set} with these primary keys (GUIDs); other values are left out. */
    List<Map<String, Object>> byIds(String set, String primaryKey, List<String> select, List<String> ids) {
        return in(set, primaryKey, select, ids.stream().filter(id -> id.matches("[0-9a-fA-F-]{36}")).toList());
    }

    /**
     * Rows whose {@code column} is one of {@code values}: {@code Microsoft.Dynamics.CRM.In} with
     * {@link #IN_VALUES} values a request, which keeps the URL well under Dataverse's 32,768 characters.
     */
    private List<Map<String, Object>> in(String set, String column, List<String> select, List<String> values) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int from = 0; from < values.size(); from += IN_VALUES) {
            String filter = "Microsoft.Dynamics.CRM.In(PropertyName=" + literal(column) + ",PropertyValues=["
                    + String.join(",", values.subList(from, Math.min(values.size(), from + IN_VALUES)).stream().map(DataverseClient::literal).toList()) + "])";
            JsonNode body = send("GET", URI.create(api + set + "?$select=" + encode(String.join(",", select)) + "&$filter=" + encode(filter)), null,
                    Map.of("Prefer", "odata.maxpagesize=5000"));
            body.path("value").forEach(item -> rows.add(json.convertValue(item, Map.class)));
        }
        return rows;
    }

    /**
     * A table's definition ({@code EntityDefinitions(LogicalName='…')}): its entity set, whether change
     * tracking is on, its columns with their types and its alternate keys.
     */
    JsonNode definition(String table) {
        return send("GET", URI.create(api + "EntityDefinitions(LogicalName=" + encode(literal(table)) + ")?$select="
                + encode("LogicalName,EntitySetName,ChangeTrackingEnabled") + "&$expand="
                + encode("Attributes($select=LogicalName,AttributeType),Keys($select=LogicalName,KeyAttributes)")), null, Map.of());
    }

    /** The option values of each Choice column of a table, by column. */
    Map<String, List<Integer>> choices(String table) {
        JsonNode body = send("GET", URI.create(api + "EntityDefinitions(LogicalName=" + encode(literal(table))
                + ")/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$select=LogicalName&$expand=" + encode("OptionSet($select=Options)")), null, Map.of());
        Map<String, List<Integer>> choices = new LinkedHashMap<>();
        for (JsonNode column : body.path("value")) {
            List<Integer> values = new ArrayList<>();
            column.path("OptionSet").path("Options").forEach(option -> values.add(option.path("Value").asInt()));
            choices.put(column.path("LogicalName").asText(), values);
        }
        return choices;
    }

    /**
     * A row to write: by its primary key when the environment's id is known (a row the rep created,
     * which gets PartnerSync's key too), else by the alternate key.
     *
     * @param keyValue PartnerSync's id, the alternate key's value
     * @param id the row's primary key in the environment, or {@code null}
     */
    record Target(String keyValue, String id, Map<String, Object> fields) {
    }

    /** Creates or updates one row ({@code PATCH <set>(<id>)} or {@code PATCH <set>(key='value')}). */
    void upsert(String set, String key, Target target) {
        Map<String, Object> body = new LinkedHashMap<>(target.fields());
        body.remove(key);
        if (target.id() != null) {
            body.put(key, target.keyValue()); // the rep's own row takes PartnerSync's key with its first write
        }
        send("PATCH", URI.create(api + address(set, key, target).replace("'", "%27").replace(" ", "%20")), body, Map.of());
    }

    /**
     * Creates or updates every row in one request ({@code UpsertMultiple}), all or none: Dataverse
     * rolls the whole request back when one row fails, so a caller that needs to know which one
     * sends the rows one by one then.
     */
    void upsertMultiple(String set, String table, String key, List<Target> rows) {
        List<Map<String, Object>> targets = new ArrayList<>();
        for (Target row : rows) {
            Map<String, Object> target = new LinkedHashMap<>();
            target.put("@odata.type", "Microsoft.Dynamics.CRM." + table);
            target.put("@odata.id", address(set, key, row));
            row.fields().forEach((column, v) -> {
                if (!column.equals(key)) {
                    target.put(column, v);
                }
            });
            if (row.id() != null) {
                target.put(key, row.keyValue());
            }
            targets.add(target);
        }
        send("POST", URI.create(api + set + "/Microsoft.Dynamics.CRM.UpsertMultiple"), Map.of("Targets", targets), Map.of());
    }

    private static String address(String set, String key, Target target) {
        return target.id() != null ? set + "(" + target.id() + ")" : set + "(" + key + "=" + literal(target.keyValue()) + ")";
    }

    /** An OData string literal: quoted, with quotes doubled. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** Requests used in the current 5-minute window, as the environment last reported; {@code -1} before the first answer. */
    long requestsUsed() {
        long left = requestsLeft;
        return left < 0 ? -1 : Math.max(0, Math.max(REQUESTS_PER_WINDOW, left) - left);
    }

    /** Why this environment's calls wait now, or {@code null}. */
    String pauseReason() {
        return Instant.now().isBefore(pausedUntil) ? pauseReason : null;
    }

    /** Lifts a service-protection pause, for an operator who knows the limit was raised. */
    void resume() {
        pausedUntil = Instant.MIN;
    }

    /**
     * One call, sent up to {@link #ATTEMPTS} times while 429s ask for waits of at most
     * {@link #MAX_WAIT}; a longer wait fails the call as {@code RATE_LIMIT} at once, and the calls after
     * it until the wait is over, without a request.
     */
    private JsonNode send(String method, URI uri, Object body, Map<String, String> headers) {
        for (int attempt = 1; ; attempt++) {
            waitOutPause(method, uri);
            try {
                return sendOnce(method, uri, body, headers);
            } catch (DataverseException e) {
                if (e.status() != 429) {
                    throw e;
                }
                Duration wait = e.retryAfter() == null ? Duration.ofSeconds(60) : e.retryAfter();
                pausedUntil = Instant.now().plus(wait);
                pauseReason = "paused for " + wait.toSeconds() + " s by the service protection limits: " + e.getMessage();
                if (attempt >= ATTEMPTS || wait.compareTo(MAX_WAIT) > 0) {
                    throw e;
                }
            }
        }
    }

    private void waitOutPause(String method, URI uri) {
        Duration left = Duration.between(Instant.now(), pausedUntil);
        if (left.isNegative() || left.isZero()) {
            return;
        }
        if (left.compareTo(MAX_WAIT) > 0) {
            throw new DataverseException(429, "", method + " " + uri.getPath() + " not sent: " + pauseReason, left);
        }
        try {
            Thread.sleep(left.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CategorizedException(FailureCategory.TRANSIENT, "interrupted while waiting out a 429 before " + method + " " + uri.getPath(), e);
        }
    }

    private JsonNode sendOnce(String method, URI uri, Object body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + tokens.token())
                .header("Accept", "application/json")
                .header("OData-MaxVersion", "4.0")
                .header("OData-Version", "4.0");
        headers.forEach(request::header);
        try {
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            response.headers().firstValue(REQUESTS_LEFT).ifPresent(left -> {
                try {
                    requestsLeft = Long.parseLong(left.trim());
                } catch (NumberFormatException e) {
                    // a proxy's or a future format: the quota stays as last known
                }
            });
            if (response.statusCode() >= 400) {
                throw failure(method, uri, response);
            }
            return response.body() == null || response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
        } catch (IOException e) {
            throw new CategorizedException(FailureCategory.TRANSIENT, method + " " + uri.getPath() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CategorizedException(FailureCategory.TRANSIENT, "interrupted during " + method + " " + uri.getPath(), e);
        }
    }

    private DataverseException failure(String method, URI uri, HttpResponse<String> response) {
        String code = "";
        String message = response.body();
        try {
            JsonNode error = json.readTree(response.body()).path("error");
            code = error.path("code").asText("");
            message = error.path("message").asText(message);
        } catch (IOException e) {
            // not Dataverse's JSON error (a proxy's page): keep the body as the message
        }
        Duration retryAfter = response.headers().firstValue("Retry-After").map(seconds -> {
            try {
                return Duration.ofSeconds(Long.parseLong(seconds.trim()));
            } catch (NumberFormatException e) {
                return Duration.ofSeconds(60);
            }
        }).orElse(response.statusCode() == 429 ? Duration.ofSeconds(60) : null);
        return new DataverseException(response.statusCode(), code, method + " " + uri.getPath() + " answered " + response.statusCode()
                + (code.isEmpty() ? "" : " (" + code + ")") + ": " + message, retryAfter);
    }

    private static String text(JsonNode body, String field) {
        return body.hasNonNull(field) ? body.get(field).asText() : null;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
