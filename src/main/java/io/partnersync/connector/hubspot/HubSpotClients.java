package io.partnersync.connector.hubspot;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.Connectors;
import io.partnersync.connector.Secrets;
import io.partnersync.connector.hubspot.HubSpotSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import io.partnersync.connector.RateLimitPause;
import io.partnersync.connector.RotatedSecrets;
import io.partnersync.connector.SharedTokens;
import org.springframework.beans.factory.ObjectProvider;

/** One {@link HubSpotClient} per portal connector, created on first use with that portal's token and limits, all on one HTTP client. */
@Component
class HubSpotClients implements RateLimitPause {

    static final URI PUBLIC_API = URI.create("https://api.hubapi.com");

    private final Secrets secrets;
    private final ObjectMapper json;
    private final Map<String, HubSpotClient> clients = new ConcurrentHashMap<>();

    private final HubSpotUsage usage;
    /**
     * One HTTP client for every portal: its selector thread and its connection pools are shared (a
     * pool per host). A client per portal cost about three threads a portal, 3,275 for 1,000 portals.
     */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    private final RotatedSecrets rotated;
    private final SharedTokens shared;

    HubSpotClients(Secrets secrets, ObjectMapper json, HubSpotUsage usage, ObjectProvider<RotatedSecrets> rotated, Connectors connectors) {
        this(secrets, json, usage, rotated, connectors, null);
    }

    /** @param shared the access tokens shared by every instance (none: each instance refreshes its own) */
    @org.springframework.beans.factory.annotation.Autowired
    HubSpotClients(Secrets secrets, ObjectMapper json, HubSpotUsage usage, ObjectProvider<RotatedSecrets> rotated, Connectors connectors,
                   ObjectProvider<SharedTokens> shared) {
        this.shared = shared == null ? null : shared.getIfAvailable();
        // a connection changed or removed at runtime: its next use makes a client with its new token and limits
        connectors.listen(new Connectors.Listener() {
            @Override
            public void removed(ConnectorProperties connector) {
                clients.remove(connector.name());
            }
        });
        this.rotated = rotated.getIfAvailable();
        this.usage = usage;
        this.secrets = secrets;
        this.json = json;
    }

    HubSpotClient of(ConnectorProperties connector) {
        return clients.computeIfAbsent(connector.name(), name -> {
            URI baseUrl = connector.baseUrl() == null ? PUBLIC_API : connector.baseUrl();
            HubSpotSettings settings = HubSpotSettings.of(connector);
            return new HubSpotClient(name, baseUrl, tokens(connector, baseUrl, http), http, settings.burstLimit(), settings.limitShare(),
                    settings.searchPerSecond(), json, usage);
        });
    }

    private HubSpotTokens tokens(ConnectorProperties connector, URI baseUrl, HttpClient http) {
        return switch (HubSpotSettings.of(connector).auth()) {
            case PRIVATE_APP -> HubSpotTokens.privateApp(secrets.require(connector, "token"));
            case OAUTH -> {
                // HubSpot may hand out a new refresh token at each refresh: the newest is kept (encrypted) and used after a restart
                String configured = secrets.require(connector, "refresh-token");
                String newest = rotated == null ? configured : rotated.current(connector.name(), "refresh-token", configured);
                HubSpotTokens.Coordinator coordinator = shared == null ? HubSpotTokens.Coordinator.LOCAL
                        : (portal, margin, rejected, refresh) -> shared.get(portal, margin, rejected, refresh);
                yield HubSpotTokens.oauth(connector.name(), baseUrl, secrets.require(connector, "client-id"), secrets.require(connector, "client-secret"),
                        newest, held -> {
                            // the newest across instances: one another instance was handed, else the one this instance holds
                            String stored = rotated == null ? configured : rotated.current(connector.name(), "refresh-token", configured);
                            return stored.equals(configured) ? held : stored;
                        }, http, json, Clock.systemUTC(), next -> {
                            if (rotated != null) {
                                rotated.rotated(connector.name(), "refresh-token", configured, next);
                            }
                        }, coordinator);
            }
        };
    }

    /** Lifts the rate-limit pause of a portal (see {@link HubSpotClient#resume()}); nothing happens for a portal not yet used. */
    @Override
    public void resume(String connectorName) {
        HubSpotClient client = clients.get(connectorName);
        if (client != null) {
            client.resume();
        }
    }
}
