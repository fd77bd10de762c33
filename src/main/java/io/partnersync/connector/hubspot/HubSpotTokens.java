package io.partnersync.connector.hubspot;

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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import io.partnersync.connector.SharedTokens;

/**
 * The access token for one portal. A private app's token never changes; an OAuth access token
 * lives 30 minutes and is refreshed with the refresh token
 * (https://developers.hubspot.com/docs/api/oauth/tokens) when less than {@link #MARGIN} of its life
 * is left, and once more when HubSpot answers 401 to it. Thread-safe: one refresh at a time, and a
 * caller holding an already replaced token does not refresh again. Token values are never logged
 * or put into messages.
 */
abstract sealed class HubSpotTokens {

    /** Refresh this long before the access token expires, so no call goes out with a dying token. */
    static final Duration MARGIN = Duration.ofMinutes(5);

    /** The token to send now. */
    abstract String current();

    /**
     * HubSpot refused {@code rejected} with 401: returns a fresh token to retry with once, or
     * {@code null} when there is none to get (a private app's token is what it is).
     */
    abstract String afterUnauthorized(String rejected);

    static HubSpotTokens privateApp(String token) {
        return new PrivateApp(token);
    }

    static HubSpotTokens oauth(String portal, URI baseUrl, String clientId, String clientSecret, String refreshToken, HttpClient http,
                               ObjectMapper json, Clock clock) {
        return oauth(portal, baseUrl, clientId, clientSecret, refreshToken, http, json, clock, rotated -> { });
    }

    /** @param rotated told each new refresh token HubSpot hands out (to keep it across restarts) */
    static HubSpotTokens oauth(String portal, URI baseUrl, String clientId, String clientSecret, String refreshToken, HttpClient http,
                               ObjectMapper json, Clock clock, Consumer<String> rotated) {
        return new OAuth(portal, baseUrl, clientId, clientSecret, refreshToken, UnaryOperator.identity(), http, json, clock, rotated,
                Coordinator.LOCAL);
    }

    /**
     * @param newest the refresh token to use now, given the one this instance holds (another instance may have been handed a newer one)
     * @param coordinator where a refresh is decided: with {@link io.partnersync.connector.SharedTokens}, one refresh for all instances
     */
    static HubSpotTokens oauth(String portal, URI baseUrl, String clientId, String clientSecret, String refreshToken, UnaryOperator<String> newest,
                               HttpClient http, ObjectMapper json, Clock clock, Consumer<String> rotated, Coordinator coordinator) {
        return new OAuth(portal, baseUrl, clientId, clientSecret, refreshToken, newest, http, json, clock, rotated, coordinator);
    }

    /** Decides whether a refresh is needed and runs it; the token got is used by the caller. */
    interface Coordinator {
        /** This instance alone: always refreshes. */
        Coordinator LOCAL = (portal, margin, rejected, refresh) -> refresh.get();

        SharedTokens.Token token(String portal, Duration margin, String rejected, Supplier<SharedTokens.Token> refresh);
    }

    private static final class PrivateApp extends HubSpotTokens {
        private final String token;

        PrivateApp(String token) {
            this.token = token;
        }

        @Override
        String current() {
            return token;
        }

        @Override
        String afterUnauthorized(String rejected) {
            return null;
        }
    }

    private static final class OAuth extends HubSpotTokens {
        private final String portal;
        private final URI tokenUrl;
        private final String clientId;
        private final String clientSecret;
        private final HttpClient http;
        private final ObjectMapper json;
        private final Clock clock;
        private final UnaryOperator<String> newest;
        private final Coordinator coordinator;
        private String refreshToken;
        private String accessToken;
        private Instant expiresAt = Instant.MIN;

        private final Consumer<String> rotated;

        OAuth(String portal, URI baseUrl, String clientId, String clientSecret, String refreshToken, UnaryOperator<String> newest, HttpClient http,
              ObjectMapper json, Clock clock, Consumer<String> rotated, Coordinator coordinator) {
            this.rotated = rotated;
            this.refreshToken = refreshToken;
            this.newest = newest;
            this.coordinator = coordinator;
            this.portal = portal;
            this.tokenUrl = baseUrl.resolve("/oauth/v1/token");
            this.clientId = clientId;
            this.clientSecret = clientSecret;
            this.http = http;
            this.json = json;
            this.clock = clock;
        }

        @Override
        synchronized String current() {
            if (accessToken == null || clock.instant().isAfter(expiresAt.minus(MARGIN))) {
                use(coordinator.token(portal, MARGIN, null, this::refresh));
            }
            return accessToken;
        }

        @Override
        synchronized String afterUnauthorized(String rejected) {
            if (rejected.equals(accessToken)) {
                use(coordinator.token(portal, MARGIN, rejected, this::refresh));
            }
            return accessToken;
        }

        private void use(SharedTokens.Token token) {
            accessToken = token.value();
            expiresAt = token.expiresAt();
        }

        /** Exchanges the newest refresh token for an access token (HubSpot's refresh_token grant). */
        private SharedTokens.Token refresh() {
            refreshToken = newest.apply(refreshToken);
            String form = "grant_type=refresh_token&client_id=" + encode(clientId) + "&client_secret=" + encode(clientSecret)
                    + "&refresh_token=" + encode(refreshToken);
            HttpRequest request = HttpRequest.newBuilder(tokenUrl).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build();
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new CategorizedException(FailureCategory.TRANSIENT, "HubSpot portal " + portal + ": token refresh failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CategorizedException(FailureCategory.TRANSIENT, "HubSpot portal " + portal + ": token refresh interrupted", e);
            }
            JsonNode answer = readTree(response.body());
            if (response.statusCode() != 200 || !answer.hasNonNull("access_token")) {
                // HubSpot's error body names the problem (e.g. BAD_REFRESH_TOKEN) and never echoes a secret
                throw new CategorizedException(response.statusCode() >= 500 ? FailureCategory.TRANSIENT : FailureCategory.AUTH,
                        "HubSpot portal " + portal + " refused the OAuth token refresh (" + response.statusCode() + "): "
                                + answer.path("status").asText("") + " " + answer.path("message").asText(""), null);
            }
            if (answer.hasNonNull("refresh_token") && !answer.get("refresh_token").asText().equals(refreshToken)) {
                refreshToken = answer.get("refresh_token").asText();
                rotated.accept(refreshToken);
            }
            return new SharedTokens.Token(answer.get("access_token").asText(), clock.instant().plusSeconds(answer.path("expires_in").asLong(1800)));
        }

        private JsonNode readTree(String body) {
            try {
                return json.readTree(body == null || body.isBlank() ? "{}" : body);
            } catch (IOException e) {
                return json.createObjectNode();
            }
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }
}
