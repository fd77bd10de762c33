package io.partnersync.connector.hubspot;

import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.PartnerSyncProperties;
import io.partnersync.mapping.MappingRegistry;
import io.partnersync.ops.CategorizedException;
import io.partnersync.ops.ConnectorStates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * At start, checks that every partner portal has the unique property PartnerSync writes its id to,
 * on every object it syncs. A portal without it is stopped, with a message naming the portal, the
 * object and the property and saying how to fix it; the other connectors keep running.
 */
@Component
class HubSpotSchemaCheck {

    private static final Logger log = LoggerFactory.getLogger(HubSpotSchemaCheck.class);

    private final PartnerSyncProperties properties;
    private final MappingRegistry mappings;
    private final HubSpotClients clients;
    private final ConnectorStates states;
    private final boolean enabled;

    HubSpotSchemaCheck(PartnerSyncProperties properties, MappingRegistry mappings, HubSpotClients clients, ConnectorStates states,
                       @org.springframework.beans.factory.annotation.Value("${partnersync.hubspot.check-properties:true}") boolean enabled) {
        this.properties = properties;
        this.mappings = mappings;
        this.clients = clients;
        this.states = states;
        this.enabled = enabled;
    }

    /** Runs beside start-up, not in its way: a slow or unreachable portal must not hold up the others. */
    @EventListener(ApplicationReadyEvent.class)
    public void checkAll() {
        if (!enabled) {
            return;
        }
        java.util.concurrent.CompletableFuture.runAsync(() -> properties.connectors().stream()
                .filter(c -> c.type() == ConnectorProperties.ConnectorType.HUBSPOT && c.enabled())
                .forEach(this::check));
    }

    /** The object types PartnerSync upserts into by the unique property: the mapped ones, and companies when it links to them. */
    private java.util.Set<String> objectsWritten(ConnectorProperties connector) {
        java.util.Set<String> objects = new java.util.LinkedHashSet<>();
        for (EntityType entity : connector.entities()) {
            objects.add(mappings.mapping(connector.name(), entity).object());
        }
        if (connector.hubspot().associate() && (connector.entities().contains(EntityType.DEAL) || connector.entities().contains(EntityType.LEAD))) {
            objects.add("companies");
        }
        return objects;
    }

    /** @return whether the portal has what its mappings need */
    boolean check(ConnectorProperties connector) {
        String property = connector.hubspot().uniqueProperty();
        try {
            for (String object : objectsWritten(connector)) {
                if (!clients.of(connector).hasProperty(object, property)) {
                    String reason = "HubSpot portal of connector " + connector.name() + " (partner " + connector.partner() + "): object '" + object
                            + "' has no property '" + property + "'. Create it in that portal as a single-line text property with"
                            + " 'unique value' on, then restart PartnerSync.";
                    log.error(reason);
                    states.stop(connector.name(), reason);
                    return false;
                }
            }
            return true;
        } catch (CategorizedException | io.partnersync.config.InvalidConfigurationException e) {
            log.warn("Could not check the HubSpot portal of connector {}: {}", connector.name(), e.getMessage());
            states.report(connector.name(), false, "properties check failed: " + e.getMessage());
            return false;
        }
    }
}
