package io.partnersync.connector.salesforce;

import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.PartnerSyncProperties;
import io.partnersync.mapping.MappingRegistry;
import io.partnersync.sync.spi.PushedChanges;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Change Data Capture subscription route per (Salesforce connector, entity) listed in
 * {@code salesforce.change-events}, through camel-salesforce's Streaming API consumer. Built in
 * Java rather than in routes/ because their number and channels come from the connector
 * configuration. Each resumes from the stored replay id; one older than Salesforce's 72-hour
 * retention (or one Salesforce refuses as invalid) cannot be replayed, so the route starts with new
 * events and the polling safety net catches up from its checkpoint.
 */
@Component
class SalesforceChangeEventRoutes extends RouteBuilder {

    private static final Duration RETENTION = Duration.ofHours(72);
    private static final Logger log = LoggerFactory.getLogger(SalesforceChangeEventRoutes.class);

    private final PartnerSyncProperties properties;
    private final MappingRegistry mappings;
    private final PushedChanges pushes;
    private final SalesforceApi api;

    SalesforceChangeEventRoutes(PartnerSyncProperties properties, MappingRegistry mappings, PushedChanges pushes, SalesforceApi api) {
        this.properties = properties;
        this.mappings = mappings;
        this.pushes = pushes;
        this.api = api;
    }

    @Override
    public void configure() {
        for (ConnectorProperties connector : properties.connectors()) {
            if (!SalesforceKind.KEY.equals(connector.type()) || !connector.enabled()) {
                continue;
            }
            if (SalesforceSettings.of(connector).changeEvents().isEmpty()) {
                continue;
            }
            try {
                api.component(connector);
            } catch (SalesforceApiException e) {
                log.error("Change Data Capture of connector {} is off until restart, polling goes on: {}", connector.name(), e.getMessage());
                continue;
            }
            for (EntityType entity : SalesforceSettings.of(connector).changeEvents()) {
                String object = mappings.mapping(connector.name(), entity).object();
                String replayId = pushes.streamPosition(connector.name(), entity)
                        .filter(p -> p.savedAt().isAfter(Instant.now().minus(RETENTION)))
                        .map(PushedChanges.StreamPosition::position).orElse("-1");
                from(api.componentName(connector) + ":subscribe:" + channel(object) + "?rawPayload=true&fallBackReplayId=-1&replayId=" + replayId)
                        .routeId(connector.name() + "-" + entity.key() + "-changes-in")
                        .routeConfigurationId("partnersync-errors")
                        .setHeader(PushedChanges.CONNECTOR_HEADER, constant(connector.name()))
                        .setHeader(PushedChanges.ENTITY_HEADER, constant(entity.name()))
                        .bean("salesforceChangeEvents", "handle('" + connector.name() + "', " + entity.name() + ", ${body})");
            }
        }
    }

    /** Standard objects: /data/OpportunityChangeEvent; custom: /data/Partner_Payout__ChangeEvent. */
    static String channel(String object) {
        return "/data/" + (object.endsWith("__c") ? object.substring(0, object.length() - 1) : object) + "ChangeEvent";
    }
}
