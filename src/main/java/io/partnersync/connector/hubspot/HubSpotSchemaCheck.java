package io.partnersync.connector.hubspot;

import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.mapping.MappingRegistry;
import org.springframework.stereotype.Component;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;

/**
 * At start, checks that every partner portal has the unique property PartnerSync writes its id to,
 * on every object it syncs. A portal without it is refused (the engine stops that connector), with a
 * message naming the portal, the object and the property and saying how to fix it; the other
 * connectors keep running. {@code partnersync.hubspot.check-properties: false} leaves it out.
 */
@Component
class HubSpotSchemaCheck {

    private final MappingRegistry mappings;
    private final HubSpotClients clients;
    private final boolean enabled;

    HubSpotSchemaCheck(MappingRegistry mappings, HubSpotClients clients,
                       @Value("${partnersync.hubspot.check-properties:true}") boolean enabled) {
        this.mappings = mappings;
        this.clients = clients;
        this.enabled = enabled;
    }
    /** The object types PartnerSync upserts into by the unique property: the mapped ones, and companies when it links to them. */
    private Set<String> objectsWritten(ConnectorProperties connector) {
        Set<String> objects = new LinkedHashSet<>();
        for (EntityType entity : connector.entities()) {
            objects.add(mappings.mapping(connector.name(), entity).object());
        }
        if (HubSpotSettings.of(connector).associate() && (connector.entities().contains(EntityType.DEAL) || connector.entities().contains(EntityType.LEAD))) {
            objects.add("companies");
        }
        return objects;
    }

    /** Why the portal cannot be written to, or empty; throws when the portal could not be asked. */
    Optional<String> refusal(ConnectorProperties connector) {
        if (!enabled) {
            return Optional.empty();
        }
        String property = HubSpotSettings.of(connector).uniqueProperty();
        for (String object : objectsWritten(connector)) {
            if (!clients.of(connector).hasProperty(object, property)) {
                return Optional.of("HubSpot portal of connector " + connector.name() + " (partner " + connector.partner() + "): object '" + object
                        + "' has no property '" + property + "'. Create it in that portal as a single-line text property with"
                        + " 'unique value' on, then restart PartnerSync.");
            }
        }
        return Optional.empty();
    }
}
