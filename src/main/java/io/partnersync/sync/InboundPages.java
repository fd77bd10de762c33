package io.partnersync.sync;

import io.partnersync.canonical.EntityType;
import io.partnersync.store.Checkpoint;
import io.partnersync.store.IngestResult;
import io.partnersync.sync.spi.PageSink;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;
import io.partnersync.config.Connectors;
import io.partnersync.mapping.MappingRegistry;
import io.partnersync.mapping.RecordMapper;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Lazy;

/**
 * Hands a page to its connector's inbound route ({@code <connector>.<entity>.inbound}), which
 * passes each record through the admin's steps and sends what is left to {@code direct:ingest}.
 * Same thread, so a caller's transaction (a webhook's events) is the ingest's transaction.
 */
@Component
class InboundPages implements PageSink {

    static final String CHECKPOINT = "PartnerSyncCheckpoint";

    private final ProducerTemplate producer;
    private final Connectors connectors;

    private final SyncActivity activity;

    private final ObjectProvider<IncrementalReads> reads;

    private final org.springframework.context.ApplicationEventPublisher events;

    InboundPages(@Lazy ProducerTemplate producer, Connectors connectors,
                 SyncActivity activity, ObjectProvider<IncrementalReads> reads, org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.reads = reads;
        this.producer = producer;
        this.connectors = connectors;
        this.activity = activity;
    }

    @Override
    public IngestResult deliver(String connector, EntityType entity, List<Map<String, Object>> records, Checkpoint checkpoint) {
        if (connectors.find(connector).filter(c -> c.entities().contains(entity)).isEmpty()) {
            throw new IllegalArgumentException("no connector named '" + connector + "' that reads " + entity.key() + " is configured");
        }
        Exchange exchange = producer.send(ConnectorRoutes.inbound(connector, entity), e -> {
            e.getMessage().setBody(new ArrayList<>(records));
            e.getMessage().setHeader(RouteFailures.CONNECTOR, connector);
            e.getMessage().setHeader(RouteFailures.ENTITY, entity.name());
            if (checkpoint != null) {
                e.getMessage().setHeader(CHECKPOINT, checkpoint);
            }
        });
        if (exchange.getException() != null) {
            throw exchange.getException() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("route " + ConnectorRoutes.inbound(connector, entity) + " failed", exchange.getException());
        }
        activity.read(connector, entity.key(), records.size());
        IngestResult result = exchange.getMessage().getBody() instanceof IngestResult r ? r : null;
        if (entity == EntityType.PARTNER && result != null && result.count(IngestResult.Outcome.CREATED) > 0) {
            events.publishEvent(new PartnersArrived(java.time.Instant.now()));
        }
        return result;
    }

    @Override
    public void readNow(String connector, EntityType entity) {
        reads.getObject().read(connector, entity);
    }

    /**
     * The record-by-record part of an inbound route: {@code open} before the split, {@code keep} as
     * the split's last step, {@code close} after it. A record a step stopped or failed on never
     * reaches {@code keep}, so it is left out of the page.
     */
    @Component("partnerSyncPage")
    static class Records {

        static final String KEPT = "PartnerSyncKept";

        private final MappingRegistry mappings;

        Records(MappingRegistry mappings) {
            this.mappings = mappings;
        }

        /** The split's first step: names the record by its CRM id (header PartnerSyncExternalId), for the steps and for a failure. */
        public void identify(Exchange exchange) {
            String connector = exchange.getMessage().getHeader(RouteFailures.CONNECTOR, String.class);
            String entity = exchange.getMessage().getHeader(RouteFailures.ENTITY, String.class);
            Object id = exchange.getMessage().getBody() instanceof Map<?, ?> record
                    ? RecordMapper.valueAt(castRecord(record), mappings.mapping(connector, EntityType.valueOf(entity)).idPath()) : null;
            exchange.getMessage().setHeader(RouteFailures.EXTERNAL_ID, id == null ? null : id.toString());
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> castRecord(Map<?, ?> record) {
            return (Map<String, Object>) record;
        }

        public void open(Exchange exchange) {
            // split copies exchange properties by reference: every record's exchange adds to this one list
            exchange.setProperty(KEPT, Collections.synchronizedList(new ArrayList<>()));
        }

        @SuppressWarnings("unchecked")
        public void keep(Exchange exchange) {
            List<Object> kept = exchange.getProperty(KEPT, List.class);
            if (kept == null) {
                throw new IllegalStateException("route " + exchange.getFromRouteId() + ": 'keep' without 'open' before the split");
            }
            kept.add(exchange.getMessage().getBody());
        }

        @SuppressWarnings("unchecked")
        public void close(Exchange exchange) {
            List<Object> kept = exchange.getProperty(KEPT, List.class);
            exchange.removeProperty(KEPT);
            exchange.getMessage().removeHeader(RouteFailures.EXTERNAL_ID);
            exchange.getMessage().setBody(kept == null ? List.of() : new ArrayList<>(kept));
        }
    }
}
