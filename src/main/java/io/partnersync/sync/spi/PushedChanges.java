package io.partnersync.sync.spi;

import io.partnersync.canonical.EntityType;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the engine offers a kind whose CRM pushes its changes (webhooks, change-event streams): the
 * bookkeeping that makes a push idempotent and resumable, kept by the engine in the store, so the
 * kind's code stores nothing itself. Thread-safe.
 */
public interface PushedChanges {

    /** The header names a kind's own routes set, as the shared error policy expects them. */
    String CONNECTOR_HEADER = "PartnerSyncConnector";
    String ENTITY_HEADER = "PartnerSyncEntity";

    /** Whether the connector takes no pushes now (stopped, or paused by an operator): the CRM should deliver them again later. */
    boolean refused(String connector);

    /** Which of these event ids of the connector were taken in already (a redelivery). */
    Set<String> taken(String connector, Collection<String> eventIds);

    /**
     * Ingests the records that events named and marks those events taken, in one transaction: an
     * event counts as taken only together with its records.
     *
     * @return how many of the events were new
     */
    int deliver(String connector, EntityType entity, List<Map<String, Object>> records, Collection<String> eventIds);

    /** Forgets the event ids taken before {@code before} (the CRM redelivers for a limited time only); returns how many. */
    int forgetEventsBefore(Instant before);

    /** A push of {@code entity} was taken in: a failure of earlier pushes shown on the connector's health is over. */
    void succeeded(String connector, EntityType entity);

    /** A push of {@code entity} failed as a whole (its records could not be read): shown on the connector's health until one succeeds. */
    void failed(String connector, EntityType entity, RuntimeException cause);

    /**
     * Where a change stream stands.
     *
     * @param savedAt when it was saved: a CRM keeps its change events for a limited time
     */
    record StreamPosition(String position, Instant savedAt) {
    }

    Optional<StreamPosition> streamPosition(String connector, EntityType entity);

    /** Saves where the change stream of {@code entity} stands, after the change it covers was taken in. */
    void saveStreamPosition(String connector, EntityType entity, String position);
}
