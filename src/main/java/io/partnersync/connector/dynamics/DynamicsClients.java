package io.partnersync.connector.dynamics;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.connector.Secrets;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** One Dataverse client (with its Entra ID token cache) per connector, on one shared HTTP client for every environment. */
@Component
class DynamicsClients {

    private final Secrets secrets;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, DataverseClient> clients = new ConcurrentHashMap<>();

    DynamicsClients(Secrets secrets, ObjectMapper json) {
        this.secrets = secrets;
        this.json = json;
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
