package io.partnersync.sync;

import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.InvalidConfigurationException;
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
 * for every connector on the next start. A template that is missing stops start-up naming it.
 */
@Component
class ConnectorRoutes implements CamelContextConfiguration {

    private final PartnerSyncProperties properties;

    ConnectorRoutes(PartnerSyncProperties properties) {
        this.properties = properties;
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
    public void beforeApplicationStart(CamelContext camelContext) {
        ModelCamelContext model = (ModelCamelContext) camelContext;
        for (ConnectorProperties connector : properties.connectors()) {
            for (EntityType entity : connector.entities()) {
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
