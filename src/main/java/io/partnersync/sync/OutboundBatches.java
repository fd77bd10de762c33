package io.partnersync.sync;

import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.Connectors;
import io.partnersync.sync.spi.ConnectorWriter;
import io.partnersync.sync.spi.ConnectorWriter.OutboundRecord;
import io.partnersync.sync.spi.ConnectorWriter.WriteResult;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import java.util.ArrayList;

/**
 * Hands a relay batch to its connector's outbound route ({@code <connector>.<entity>.outbound}),
 * whose last step gives it to the CRM's writer ({@code partnerSyncWriters}); the writer's answer
 * per record comes back as the route's body. An exception (the CRM unreachable after the client's
 * retries) comes back to the relay, which keeps the batch due with backoff.
 */
@Component("partnerSyncWriters")
public class OutboundBatches {

    private final ProducerTemplate producer;
    private final Connectors connectors;
    private final ConnectorKinds kinds;
    private final TenantBoundary tenants;

    OutboundBatches(@Lazy ProducerTemplate producer, Connectors connectors, ConnectorKinds kinds, TenantBoundary tenants) {
        this.producer = producer;
        this.connectors = connectors;
        this.kinds = kinds;
        this.tenants = tenants;
    }

    /** Sends the batch through the outbound route; called by the relay. */
    @SuppressWarnings("unchecked")
    public List<WriteResult> send(ConnectorProperties connector, EntityType entity, List<OutboundRecord> records) {
        Exchange exchange = producer.send(ConnectorRoutes.outbound(connector.name(), entity), e -> {
            e.getMessage().setBody(records);
            e.getMessage().setHeader(RouteFailures.CONNECTOR, connector.name());
            e.getMessage().setHeader(RouteFailures.ENTITY, entity.name());
        });
        if (exchange.getException() != null) {
            throw exchange.getException() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("route " + ConnectorRoutes.outbound(connector.name(), entity) + " failed", exchange.getException());
        }
        Object body = exchange.getMessage().getBody();
        if (!(body instanceof List<?> results) || (!results.isEmpty() && !(results.get(0) instanceof WriteResult))) {
            throw new IllegalStateException("route " + ConnectorRoutes.routeId(connector.name(), entity, "outbound")
                    + " must end with the writer step (bean partnerSyncWriters, method write); its body was "
                    + (body == null ? "null" : body.getClass().getSimpleName()));
        }
        return (List<WriteResult>) results;
    }

    /**
     * The outbound route's last step: the connector's kind writes what the tenant boundary lets
     * through; what it refuses is answered as a TENANT failure and never reaches the kind.
     */
    public List<WriteResult> write(String connector, String entity, List<OutboundRecord> records) {
        ConnectorProperties target = connectors.find(connector).orElseThrow();
        EntityType type = EntityType.valueOf(entity);
        TenantBoundary.Split split = tenants.split(target, type, records);
        List<WriteResult> results = new ArrayList<>(split.refused());
        if (!split.allowed().isEmpty()) {
            results.addAll(kinds.of(target).writer().write(target, type, split.allowed()));
        }
        return results;
    }
}
