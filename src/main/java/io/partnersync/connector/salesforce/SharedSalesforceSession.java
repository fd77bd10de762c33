package io.partnersync.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partnersync.connector.ConsentCalls;
import io.partnersync.connector.RotatedSecrets;
import io.partnersync.connector.SharedTokens;
import io.partnersync.sync.spi.CategorizedException;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.SalesforceHttpClient;
import org.apache.camel.component.salesforce.SalesforceLoginConfig;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.internal.SalesforceSession;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpConversation;

/**
 * The session of a connector that logs in with a refresh token (a partner's org, connected through
 * an invitation), shared by every instance: the access token is kept in the store
 * ({@link SharedTokens}), so when several instances need a new one at once, exactly one asks
 * Salesforce and the others use what it got. A refresh token the org rotates (the connected app's
 * <em>refresh token rotation</em>: the one sent is spent) is kept by {@link RotatedSecrets} within
 * the same lock, so no instance ever sends a spent one.
 *
 * <p>Why a subclass of camel-salesforce's session: the component logs in per process, through its
 * own session, and its security handler logs in again on any 401, each uncoordinated; it offers
 * no plug point for where a token comes from. This session takes the component's place (see
 * {@link SalesforceApi}), the security handler is taken off that component's HTTP client, and a
 * refused token comes back here through {@link #login(String)}. The session is shared, so it is
 * never revoked when one instance stops.
 */
final class SharedSalesforceSession extends SalesforceSession {

    /** Salesforce gives no lifetime with the token; it is used until the org refuses it, and renewed after this at the latest. */
    static final Duration LIFETIME = Duration.ofHours(8);
    private static final Duration MARGIN = Duration.ofMinutes(1);

    /** The token and where it works, as kept (encrypted) in the store. */
    private record Login(String accessToken, String instanceUrl, String id, String kept) {
        String orgId() {
            int at = id == null ? -1 : id.indexOf("id/");
            return at < 0 || id.length() < at + 21 ? null : id.substring(at + 3, at + 21);
        }

        @Override
        public String toString() {
            return "Login[instanceUrl=" + instanceUrl + "]"; // never the token
        }
    }

    private final String connector;
    private final SalesforceLoginConfig config;
    private final SharedTokens tokens;
    private final RotatedSecrets rotated;
    private final ConsentCalls calls;
    private final ObjectMapper json;
    private final Clock clock;
    private final Set<SalesforceSessionListener> listeners = new CopyOnWriteArraySet<>();
    private volatile Login current;

    SharedSalesforceSession(CamelContext camel, SalesforceHttpClient http, SalesforceLoginConfig config, String connector,
                            SharedTokens tokens, RotatedSecrets rotated, ConsentCalls calls, ObjectMapper json, Clock clock) {
        super(camel, http, http.getTimeout(), config);
        this.connector = connector;
        this.config = config;
        this.tokens = tokens;
        this.rotated = rotated;
        this.calls = calls;
        this.json = json;
        this.clock = clock;
    }

    /**
     * The access token: this instance's while it is not {@code refused}; else the one in the store
     * unless that is the refused one; else a new one, got under the connector's lock in PostgreSQL
     * and stored for the others.
     */
    @Override
    public synchronized String login(String refused) throws SalesforceException {
        Login now = current;
        if (now != null && !now.accessToken().equals(refused)) {
            return now.accessToken();
        }
        try {
            // the store compares what it keeps: the refused token's stored form
            String refusedKept = now != null && now.accessToken().equals(refused) ? now.kept() : null;
            Login fresh = read(tokens.get(connector, MARGIN, refusedKept, this::refresh).value());
            current = fresh;
            for (SalesforceSessionListener listener : listeners) {
                listener.onLogin(fresh.accessToken(), fresh.instanceUrl());
            }
            return fresh.accessToken();
        } catch (CategorizedException e) {
            throw new SalesforceException("Login error: " + e.getMessage(), e);
        }
    }

    /** One refresh-token grant ({@code POST <login>/services/oauth2/token}); a rotated refresh token is kept before its access token is used. */
    private SharedTokens.Token refresh() {
        String configured = config.getRefreshToken();
        String refreshToken = rotated.current(connector, "refresh-token", configured);
        JsonNode answer = calls.post(URI.create(config.getLoginUrl().replaceAll("/+$", "") + "/services/oauth2/token"), Map.of(
                        "grant_type", "refresh_token", "client_id", config.getClientId(), "client_secret", config.getClientSecret(),
                        "refresh_token", refreshToken, "format", "json"),
                "refresh the access token of connector " + connector,
                error -> error.path("error").asText("") + " " + error.path("error_description").asText(""));
        if (!answer.hasNonNull("access_token") || !answer.hasNonNull("instance_url")) {
            throw new CategorizedException(io.partnersync.sync.spi.FailureCategory.AUTH,
                    "Salesforce's token answer for connector " + connector + " has no access_token or instance_url", null);
        }
        String next = answer.path("refresh_token").asText(null);
        if (next != null && !next.equals(refreshToken)) {
            rotated.rotated(connector, "refresh-token", configured, next);
        }
        ObjectNode kept = json.createObjectNode()
                .put("access_token", answer.get("access_token").asText())
                .put("instance_url", answer.get("instance_url").asText().replaceAll("/+$", ""))
                .put("id", answer.path("id").asText(null));
        return new SharedTokens.Token(kept.toString(), clock.instant().plus(LIFETIME));
    }

    private Login read(String kept) {
        try {
            JsonNode login = json.readTree(kept);
            return new Login(login.path("access_token").asText(), login.path("instance_url").asText(), login.path("id").asText(null), kept);
        } catch (IOException e) {
            throw new IllegalStateException("the stored token of connector " + connector + " is not readable", e);
        }
    }

    @Override
    public String getAccessToken() {
        Login now = current;
        return now == null ? null : now.accessToken();
    }

    @Override
    public String getInstanceUrl() {
        Login now = current;
        return now == null ? null : now.instanceUrl();
    }

    @Override
    public String getId() {
        Login now = current;
        return now == null ? null : now.id();
    }

    @Override
    public String getOrgId() {
        Login now = current;
        return now == null ? null : now.orgId();
    }

    @Override
    public boolean addListener(SalesforceSessionListener listener) {
        return listeners.add(listener);
    }

    @Override
    public boolean removeListener(SalesforceSessionListener listener) {
        return listeners.remove(listener);
    }

    /** Never a login of its own: every login is {@link #login(String)}'s, coordinated. */
    @Override
    public Request getLoginRequest(HttpConversation conversation) {
        throw new UnsupportedOperationException("connector " + connector + " logs in through the shared session only");
    }

    /** This instance forgets the token; it is not revoked, because the other instances go on using it. */
    @Override
    public synchronized void logout() {
        current = null;
        for (SalesforceSessionListener listener : listeners) {
            listener.onLogout();
        }
    }
}
