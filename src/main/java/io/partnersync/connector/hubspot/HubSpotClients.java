package io.partnersync.connector.hubspot;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.connector.Secrets;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** One {@link HubSpotClient} per portal connector, created on first use with that portal's token and limits. */
@Component
class HubSpotClients {

    static final URI PUBLIC_API = URI.create("https://api.hubapi.com");

    private final Secrets secrets;
    private final ObjectMapper json;
    private final Map<String, HubSpotClient> clients = new ConcurrentHashMap<>();

    HubSpotClients(Secrets secrets, ObjectMapper json) {
        this.secrets = secrets;
        this.json = json;
    }

    HubSpotClient of(ConnectorProperties connector) {
        return clients.computeIfAbsent(connector.name(), name -> new HubSpotClient(name,
                connector.baseUrl() == null ? PUBLIC_API : connector.baseUrl(),
                secrets.require(connector, "token"),
                connector.hubspot().burstLimit(), connector.hubspot().limitShare(), json));
    }
}
