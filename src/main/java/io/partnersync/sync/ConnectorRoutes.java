package io.partnersync.sync;

import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.Connectors;
import io.partnersync.config.InvalidConfigurationException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.partnersync.config.PartnerSyncProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/**
 * Makes each configured connector's routes from the two route templates every kind shares, as
 * Kamelets do: {@code connector-inbound} for every entity it reads and {@code connector-outbound}
 * for every entity it writes, with route ids {@code <connector>.<entity>.inbound|outbound}. The
 * templates live in the routes folder ({@code sync.camel.yaml}), so a step an admin adds there runs
 * for every connector on the next start. A connection added, changed or removed at runtime gets or
 * loses its routes at once ({@link Connectors.Listener}). A template that is missing stops start-up naming it.
 */
@Component
class ConnectorRoutes implements CamelContextConfiguration, Connectors.Listener {

    private static final Logger log = LoggerFactory.getLogger(ConnectorRoutes.class);

    private final PartnerSyncProperties properties;
    private final Connectors connectors;
    private ModelCamelContext model;

    ConnectorRoutes(PartnerSyncProperties properties, Connectors connectors) {
        this.properties = properties;
        this.connectors = connectors;
        connectors.listen(this);
    }

    static String inbound(String connector, EntityType entity) {
        return "direct:" + routeId(connector, entity, "inbound");
    }

    static String outbound(String connector, EntityType entity) {
        return "direct:" + routeId(connector, entity, "outbound");
    }

    static String routeId(String connector, EntityType entity, String direction) {
        return connector + "." + entity.key() + "." + direction;
    }

    @Override
    public synchronized void beforeApplicationStart(CamelContext camelContext) {
        model = (ModelCamelContext) camelContext;
        for (ConnectorProperties connector : connectors.all()) {
            addAll(connector);
        }
    }

    /** A connection added at runtime: its routes are made and started now (before the context starts, with the rest). */
    @Override
    public synchronized void added(ConnectorProperties connector) {
        if (model != null) {
            addAll(connector);
        }
    }

    /**
     * A connection removed or changed: its routes stop (a page in flight has up to 30 s to finish)
     * and go; what they wrote stays.
     */
    @Override
    public synchronized void removed(ConnectorProperties connector) {
        if (model == null) {
            return;
        }
        for (EntityType entity : connector.entities()) {
            for (String direction : new String[] {"inbound", "outbound"}) {
                String id = routeId(connector.name(), entity, direction);
                try {
                    model.getRouteController().stopRoute(id, 30, TimeUnit.SECONDS);
                    model.removeRoute(id);
                } catch (Exception e) {
                    log.warn("Route {} of removed connector {} could not be stopped: {}", id, connector.name(), e.toString());
                }
            }
        }
    }

    private void addAll(ConnectorProperties connector) {
        for (EntityType entity : connector.entities()) {
            if (model.getRouteDefinition(routeId(connector.name(), entity, "inbound")) == null) {
                add(model, "connector-inbound", connector, entity, "inbound");
                add(model, "connector-outbound", connector, entity, "outbound");
            }
        }
    }

    private void add(ModelCamelContext model, String template, ConnectorProperties connector, EntityType entity, String direction) {
        if (model.getRouteTemplateDefinition(template) == null) {
            throw new InvalidConfigurationException(properties.routesDir() + "/sync.camel.yaml", "routeTemplate " + template, "a route template with id '" + template + "' (connector '"
                    + connector.name() + "' is made from it); copy it back from the routes folder PartnerSync ships");
        }
        TemplatedRouteBuilder.builder(model, template)
                .routeId(routeId(connector.name(), entity, direction))
                .parameter("connector", connector.name())
                .parameter("entity", entity.key())
                .add();
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        // nothing: the routes start with the context
    }
}
