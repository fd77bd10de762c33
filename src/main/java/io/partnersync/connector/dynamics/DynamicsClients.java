package io.partnersync.connector.dynamics;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.Connectors;
import io.partnersync.connector.ApiQuota;
import io.partnersync.connector.RateLimitPause;
import io.partnersync.connector.Secrets;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * One Dataverse client (with its Entra ID token cache) per connector, on one shared HTTP client for
 * every environment; what each environment last said of its service protection limits (requests
 * left in the 5-minute window, a 429's wait).
 */
@Component
class DynamicsClients implements ApiQuota.Source, RateLimitPause {

    private final Secrets secrets;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, DataverseClient> clients = new ConcurrentHashMap<>();

    DynamicsClients(Secrets secrets, ObjectMapper json, Connectors connectors) {
        // a connection changed or removed at runtime: its next use makes a client with its new credentials
        connectors.listen(new Connectors.Listener() {
            @Override
            public void removed(ConnectorProperties connector) {
                clients.remove(connector.name());
            }
        });
        this.secrets = secrets;
        this.json = json;
    }

    /** Requests used of the 5-minute window, as the environment's {@code x-ms-ratelimit-burst-remaining-xrm-requests} last said. */
    @Override
    public Optional<ApiQuota> quota(String connector) {
        DataverseClient client = clients.get(connector);
        long used = client == null ? -1 : client.requestsUsed();
        return used < 0 ? Optional.empty() : Optional.of(new ApiQuota(used, DataverseClient.REQUESTS_PER_WINDOW, "5 minutes"));
    }

    @Override
    public void resume(String connector) {
        DataverseClient client = clients.get(connector);
        if (client != null) {
            client.resume();
        }
    }

    /** Why the environment's calls wait now (a 429's {@code Retry-After}), or empty. */
    Optional<String> pauseReason(String connector) {
        DataverseClient client = clients.get(connector);
        return client == null ? Optional.empty() : Optional.ofNullable(client.pauseReason());
    }

    DataverseClient of(ConnectorProperties connector) {
        return clients.computeIfAbsent(connector.name(), name -> {
            DynamicsSettings settings = DynamicsSettings.of(connector);
            URI environment = connector.baseUrl();
            // the simulated environment of local-sandbox issues its own tokens; a real one's come from Entra ID
            EntraTokens tokens = new EntraTokens(settings.authority() + settings.tenant() + "/", secrets.require(connector, "client-id"),
                    secrets.require(connector, "client-secret"), environment.toString(), connector.localSandbox() ? environment : null, http);
            return new DataverseClient(environment, settings.apiVersion(), tokens, http, json);
        });
    }
}
