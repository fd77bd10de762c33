package io.partnersync.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.sync.spi.CategorizedException;
import io.partnersync.sync.spi.FailureCategory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The calls PartnerSync makes to one HubSpot portal (CRM v3), written from HubSpot's public API
 * reference; HubSpot publishes no Java client. One instance per portal, with its own token and its
 * own rate limiter at the configured share of the portal's burst allowance, plus a search limiter
 * (HubSpot counts search requests per second apart from the burst limit), so one portal's traffic
 * never slows another's. Thread-safe.
 */
final class HubSpotClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Tries of one call in all, for answers that may pass. */
    static final int ATTEMPTS = 4;
    /** The longest rate-limit pause a call waits out instead of failing. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final String portal;
    private final URI baseUrl;
    private final HubSpotTokens tokens;
    private final HttpClient http;
    private final ObjectMapper json;
    private final RollingLimit limiter;
    private final RollingLimit searchLimiter;
    private volatile Instant pausedUntil = Instant.MIN;
    private final HubSpotUsage usage;
    private volatile String pauseReason;

    /**
     * @param burstLimit the portal's allowance per 10 seconds, of which {@code share} is used
     * @param searchPerSecond search requests per second; a search also counts against the burst limiter
     */
    HubSpotClient(String portal, URI baseUrl, HubSpotTokens tokens, HttpClient http, int burstLimit, double share, int searchPerSecond,
                  ObjectMapper json) {
        this(portal, baseUrl, tokens, http, burstLimit, share, searchPerSecond, json, null);
    }

    /** @param usage counts the calls and the allowance the portal reports; may be {@code null} */
    HubSpotClient(String portal, URI baseUrl, HubSpotTokens tokens, HttpClient http, int burstLimit, double share, int searchPerSecond,
                  ObjectMapper json, HubSpotUsage usage) {
        this.usage = usage;
        this.portal = portal;
        this.baseUrl = baseUrl;
        this.tokens = tokens;
        this.json = json;
        this.http = http;
        this.limiter = new RollingLimit((int) Math.floor(burstLimit * share), Duration.ofSeconds(10));
        this.searchLimiter = new RollingLimit(searchPerSecond, Duration.ofSeconds(1));
    }

    /**
     * Batch upsert by a unique property (POST /crm/v3/objects/{objectType}/batch/upsert). Returns
     * the answer of a 200 or of a 207 multi-status (some inputs failed: see its {@code errors}).
     */
    JsonNode batchUpsert(String objectType, JsonNode body) {
        return post("/crm/v3/objects/" + objectType + "/batch/upsert", body, false);
    }

    /** Batch update by object id (POST /crm/v3/objects/{objectType}/batch/update); 200, or 207 with {@code errors}. */
    JsonNode batchUpdate(String objectType, JsonNode body) {
        return post("/crm/v3/objects/" + objectType + "/batch/update", body, false);
    }

    /** Whether the object type has the property (GET /crm/v3/properties/{objectType}/{propertyName}: 200 or 404). */
    boolean hasProperty(String objectType, String property) {
        HttpResponse<String> response = send("GET", "/crm/v3/properties/" + objectType + "/" + property, null, false);
        int status = response.statusCode();
        if (status == 200 || status == 404) {
            return status == 200;
        }
        throw failure(response, "GET properties of " + objectType);
    }

    /** Every property of an object type (GET /crm/v3/properties/{objectType}): name, type, fieldType, options, hasUniqueValue. */
    JsonNode properties(String objectType) {
        HttpResponse<String> response = send("GET", "/crm/v3/properties/" + objectType, null, false);
        if (response.statusCode() == 200) {
            return read(response.body());
        }
        throw failure(response, "GET properties of " + objectType);
    }

    /** Batch read by id (POST /crm/v3/objects/{objectType}/batch/read), at most 100 ids. */
    JsonNode batchRead(String objectType, JsonNode body) {
        return post("/crm/v3/objects/" + objectType + "/batch/read", body, false);
    }

    /** CRM search (POST /crm/v3/objects/{objectType}/search); HubSpot returns at most 10,000 results per search. */
    JsonNode search(String objectType, JsonNode body) {
        return post("/crm/v3/objects/" + objectType + "/search", body, true);
    }

    /**
     * Associates records with the default (unlabelled) association type, at most 2,000 pairs per call
     * (POST /crm/v4/associations/{from}/{to}/batch/associate/default). Associating an existing pair
     * again changes nothing, so a retry is safe.
     */
    JsonNode associateDefault(String fromObjectType, String toObjectType, JsonNode body) {
        return post("/crm/v4/associations/" + fromObjectType + "/" + toObjectType + "/batch/associate/default", body, false);
    }

    /** Lifts a rate-limit pause, for an operator who knows the portal's limit was reset (or raised). */
    void resume() {
        pausedUntil = Instant.MIN;
    }

    /** Why this portal is paused now, or {@code null}. */
    String pauseReason() {
        return Instant.now().isBefore(pausedUntil) ? pauseReason : null;
    }

    private JsonNode post(String path, JsonNode body, boolean search) {
        HttpResponse<String> response = send("POST", path, body, search);
        int status = response.statusCode();
        if (status == 200 || status == 201 || status == 207) {
            return read(response.body());
        }
        throw failure(response, "POST " + path);
    }

    /**
     * One call through the portal's limiters, retried once with a fresh token after a 401, and up to
     * {@link #ATTEMPTS} times in all after a network error, a 5xx or a burst 429 (after its
     * Retry-After). Every call PartnerSync makes is idempotent (upsert by the unique property,
     * update by id, read, search, associate), so a retry whose first answer was lost is safe.
     */
    private HttpResponse<String> send(String method, String path, JsonNode body, boolean search) {
        for (int attempt = 1; ; attempt++) {
            awaitPause();
            HttpResponse<String> response;
            try {
                response = authorized(method, path, body, search);
            } catch (CategorizedException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                sleep(Duration.ofSeconds(1L << (attempt - 1)));
                continue;
            }
            int status = response.statusCode();
            if (attempt < ATTEMPTS && (status == 429 || status >= 500)) {
                if (status == 429) {
                    pause(read(response.body()), response.headers().firstValue("Retry-After").orElse(null));
                    if (Duration.between(Instant.now(), pausedUntil).compareTo(MAX_WAIT) > 0) {
                        return response; // the daily limit: no retry until the pause ends
                    }
                } else {
                    sleep(Duration.ofSeconds(1L << (attempt - 1)));
                }
                continue;
            }
            return response;
        }
    }

    /** Waits out a short rate-limit pause; a long one (the daily limit) fails the call at once. */
    private void awaitPause() {
        Instant until = pausedUntil;
        Duration left = Duration.between(Instant.now(), until);
        if (left.isNegative() || left.isZero()) {
            return;
        }
        if (left.compareTo(MAX_WAIT) > 0) {
            throw new CategorizedException(FailureCategory.RATE_LIMIT, "HubSpot portal " + portal + " " + pauseReason, null);
        }
        sleep(left);
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CategorizedException(FailureCategory.TRANSIENT, "HubSpot portal " + portal + ": interrupted", e);
        }
    }

    private HttpResponse<String> authorized(String method, String path, JsonNode body, boolean search) {
        String token = tokens.current();
        HttpResponse<String> response = exchange(method, path, body, search, token);
        if (response.statusCode() == 401) {
            String fresh = tokens.afterUnauthorized(token);
            if (fresh != null) {
                response = exchange(method, path, body, search, fresh);
            }
        }
        return response;
    }

    private HttpResponse<String> exchange(String method, String path, JsonNode body, boolean search, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(TIMEOUT).header("Authorization", "Bearer " + token);
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            if (search) {
                searchLimiter.acquire();
            }
            limiter.acquire();
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (usage != null) {
                usage.answered(portal, response);
            }
            return response;
        } catch (IOException e) {
            throw new CategorizedException(FailureCategory.TRANSIENT, "HubSpot portal " + portal + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CategorizedException(FailureCategory.TRANSIENT, "HubSpot portal " + portal + ": interrupted", e);
        }
    }

    private CategorizedException failure(HttpResponse<String> response, String call) {
        int status = response.statusCode();
        JsonNode error = read(response.body());
        if (status == 429) {
            pause(error, response.headers().firstValue("Retry-After").orElse(null));
        }
        String message = "HubSpot portal " + portal + " answered " + status + " to " + call + ": " + error.path("message").asText(response.body());
        FailureCategory category = switch (status) {
            case 401, 403 -> FailureCategory.AUTH;
            case 429 -> FailureCategory.RATE_LIMIT;
            case 400, 404, 409 -> FailureCategory.VALIDATION;
            default -> status >= 500 ? FailureCategory.TRANSIENT : FailureCategory.INTERNAL;
        };
        return new CategorizedException(category, message, null);
    }

    /**
     * HubSpot's 429 names the limit in {@code policyName}: the daily one pauses this portal until
     * the next day (HubSpot resets it at midnight in the account's time zone, which we do not know,
     * so we wait for the next midnight at UTC-12, the last time zone to reach it), the burst ones
     * for Retry-After.
     */
    private void pause(JsonNode error, String retryAfter) {
        String policy = error.path("policyName").asText("");
        if (policy.equals("DAILY")) {
            ZoneOffset latest = ZoneOffset.ofHours(-12);
            pausedUntil = LocalDate.now(latest).plusDays(1).atStartOfDay(latest).toInstant();
            pauseReason = "paused until " + pausedUntil + ": the portal's daily API limit is spent";
        } else {
            long seconds = 10;
            try {
                seconds = retryAfter == null ? 10 : Long.parseLong(retryAfter.trim());
            } catch (NumberFormatException e) {
                // HubSpot sends seconds; anything else keeps the 10-second burst window
            }
            pausedUntil = Instant.now().plusSeconds(seconds);
            pauseReason = "paused for " + seconds + " s: rate limit " + (policy.isEmpty() ? "hit" : policy);
        }
    }

    private JsonNode read(String body) {
        try {
            return body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (IOException e) {
            return json.createObjectNode().put("message", body);
        }
    }
}
