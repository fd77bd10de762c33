package io.partnersync.web;

import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.Connectors;
import io.partnersync.connector.ApiQuota;
import io.partnersync.connector.CircuitBreakerStates;
import io.partnersync.sync.ConnectorFailures;
import io.partnersync.sync.ConnectorStates;
import io.partnersync.store.CheckpointRepository;
import io.partnersync.sync.spi.FailureCategory;
import io.partnersync.store.SyncActivityRepository;
import io.partnersync.store.SyncActivityRepository.Activity;
import io.partnersync.store.SyncActivityRepository.Direction;
import io.partnersync.store.SyncFailure;
import io.partnersync.store.SyncFailureRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import io.partnersync.store.Checkpoint;
import io.partnersync.store.ConnectorPauseRepository;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Everything the sync health page and {@code GET /api/connectors} say about each connector, read in
 * a handful of queries for all of them: state, quota, circuit breaker, failures by category, and per
 * entity what was read and written in the last hour and day, when each last succeeded and the lag.
 *
 * <p>Lag: of a read, the time since it last succeeded (a read that found nothing new counts); of
 * writes, how long the oldest change waiting to be written has waited.
 */
@Component
public class SyncHealth {

    public record EntityView(String entity, long inLastHour, long inLastDay, long outLastHour, long outLastDay, Instant lastRead,
                      Instant lastWrite, Duration readLag, Duration writeLag, Instant cursor) {
    }

    public record ConnectorView(ConnectorProperties connector, ConnectorStates.Status status, String summary, Instant since,
                         Optional<ConnectorPauseRepository.Pause> pause, Optional<ApiQuota> quota, Optional<String> breaker,
                         Map<FailureCategory, Long> failures, long openFailures, List<SyncFailure> failing, List<EntityView> entities) {

        public String name() {
            return connector.name();
        }

        public Instant lastSuccess() {
            return entities.stream().flatMap(e -> Stream.of(e.lastRead(), e.lastWrite()))
                    .filter(Objects::nonNull).max(Instant::compareTo).orElse(null);
        }
    }

    private final Connectors connectors;
    private final ConnectorStates states;
    private final ConnectorFailures activities;
    private final SyncFailureRepository failures;
    private final SyncActivityRepository activity;
    private final CheckpointRepository checkpoints;
    private final List<ApiQuota.Source> quotas;
    private final List<CircuitBreakerStates> breakers;

    SyncHealth(Connectors connectors, ConnectorStates states, ConnectorFailures activities, SyncFailureRepository failures,
               SyncActivityRepository activity, CheckpointRepository checkpoints, List<ApiQuota.Source> quotas, List<CircuitBreakerStates> breakers) {
        this.connectors = connectors;
        this.states = states;
        this.activities = activities;
        this.failures = failures;
        this.activity = activity;
        this.checkpoints = checkpoints;
        this.quotas = quotas;
        this.breakers = breakers;
    }

    List<ConnectorView> connectors() {
        Map<String, Map<String, Map<Direction, Activity>>> moved = activity.summary();
        Map<String, Map<FailureCategory, Long>> byCategory = failures.openByCategory();
        List<ConnectorView> views = new ArrayList<>();
        for (ConnectorProperties connector : connectors.all()) {
            views.add(view(connector, moved, byCategory));
        }
        return views;
    }

    Optional<ConnectorView> connector(String name) {
        return connectors.find(name).map(c -> view(c, activity.summary(), failures.openByCategory()));
    }

    private ConnectorView view(ConnectorProperties connector, Map<String, Map<String, Map<Direction, Activity>>> moved,
                               Map<String, Map<FailureCategory, Long>> byCategory) {
        String name = connector.name();
        List<SyncFailure> failing = activities.open(name);
        Map<FailureCategory, Long> categories = byCategory.getOrDefault(name, Map.of());
        long open = categories.values().stream().mapToLong(Long::longValue).sum();
        ConnectorStates.Status status = states.status(connector, failing, open);
        var state = states.get(name);
        Map<String, Duration> waiting = activity.oldestWaiting(name);
        Map<String, Map<Direction, Activity>> ofConnector = moved.getOrDefault(name, Map.of());
        Instant now = Instant.now();
        List<EntityView> entities = new ArrayList<>();
        for (EntityType entity : connector.entities()) {
            Map<Direction, Activity> of = ofConnector.getOrDefault(entity.key(), Map.of());
            Activity in = of.get(Direction.INBOUND);
            Activity out = of.get(Direction.OUTBOUND);
            Instant lastRead = in == null ? null : in.lastSuccess();
            entities.add(new EntityView(entity.key(), in == null ? 0 : in.lastHour(), in == null ? 0 : in.lastDay(),
                    out == null ? 0 : out.lastHour(), out == null ? 0 : out.lastDay(), lastRead, out == null ? null : out.lastSuccess(),
                    lastRead == null ? null : Duration.between(lastRead, now), waiting.getOrDefault(entity.name(), Duration.ZERO),
                    checkpoints.find(name, entity).map(Checkpoint::cursorTimestamp).orElse(null)));
        }
        return new ConnectorView(connector, status, state.map(ConnectorStates.State::summary).orElse("waiting for its first sync"),
                state.map(ConnectorStates.State::since).orElse(null), states.pause(name),
                quotas.stream().map(q -> q.quota(name)).flatMap(Optional::stream).findFirst(),
                breakers.stream().map(b -> b.state(name)).flatMap(Optional::stream).findFirst(),
                categories, open, failing, entities);
    }

    /** Open failures to show, newest first, optionally of one connector; the poll, relay and webhook failures are on their connector. */
    List<SyncFailure> failures(String connector, int limit) {
        return failures.list(true, connector, limit).stream().filter(f -> !f.externalId().startsWith("(")).toList();
    }

    /** "3 min", "2 h 5 min": for the page. */
    static String words(Duration duration) {
        if (duration == null) {
            return "—";
        }
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
        }
        return seconds / 86_400 + " d " + seconds % 86_400 / 3600 + " h";
    }
}
