package io.partnersync.sync;

import io.partnersync.store.AuditRepository;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.store.ConnectorPauseRepository;
import io.partnersync.store.SyncFailure;
import io.partnersync.sync.spi.FailureCategory;
import java.util.List;
import java.util.Locale;

/**
 * The live state each connector reports (running, paused until a quota resets, refused by its
 * CRM), shown in {@code /actuator/health}. Thread-safe.
 */
@Component
public class ConnectorStates {

    /** What a connector is doing, in one word: on the sync health page, in the API and as the {@code partnersync.connector.state} metric. */
    public enum Status {
        /** reads and writes without failing */
        RUNNING,
        /** runs, but records of it are kept as failures */
        DEGRADED,
        /** waits until its CRM's API quota allows calls again */
        WAITING_FOR_QUOTA,
        /** a poll, relay batch or webhook batch fails, or its CRM refused it */
        FAILING,
        /** paused by an operator until resumed */
        PAUSED,
        /** stopped until restart: its CRM is not set up the way its mappings need */
        STOPPED,
        /** disabled in configuration */
        DISABLED;

        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /** @param healthy false makes the connector's health DOWN */
    public record State(boolean healthy, String summary, Instant since) {
    }

    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Map<String, String> stopped = new ConcurrentHashMap<>();
    private final AuditRepository audit;
    private final ConnectorPauseRepository pauses;

    ConnectorStates(AuditRepository audit, ConnectorPauseRepository pauses) {
        this.audit = audit;
        this.pauses = pauses;
    }

    public void report(String connector, boolean healthy, String summary) {
        states.put(connector, new State(healthy, summary, Instant.now()));
    }

    /**
     * Stops a connector until restart (its CRM is not set up the way its mappings need): no polling,
     * no writes; health shows DOWN with the reason. Other connectors keep running.
     */
    public void stop(String connector, String reason) {
        if (stopped.put(connector, reason) == null) {
            audit.append(connector, null, null, "connector-stopped", reason, null);
        }
        report(connector, false, "stopped: " + reason);
    }

    /** Stopped until restart (its CRM is not set up as needed), or paused by an operator (until resumed, across restarts). */
    public boolean isStopped(String connector) {
        return stopped.containsKey(connector) || pauses.isPaused(connector);
    }

    public Optional<ConnectorPauseRepository.Pause> pause(String connector) {
        return pauses.find(connector);
    }

    /**
     * @param activities the connector's open poll, relay and webhook failures
     * @param openFailures its open failures of any kind
     */
    public Status status(ConnectorProperties connector, List<SyncFailure> activities,
                         long openFailures) {
        if (!connector.enabled()) {
            return Status.DISABLED;
        }
        if (pauses.isPaused(connector.name())) {
            return Status.PAUSED;
        }
        if (stopped.containsKey(connector.name())) {
            return Status.STOPPED;
        }
        State state = states.get(connector.name());
        boolean quota = activities.stream().anyMatch(f -> f.category() == FailureCategory.RATE_LIMIT);
        if (state != null && !state.healthy()
                || activities.stream().anyMatch(f -> f.category() != FailureCategory.RATE_LIMIT)) {
            return Status.FAILING;
        }
        if (quota || state != null && state.summary().startsWith("paused")) {
            return Status.WAITING_FOR_QUOTA;
        }
        return openFailures > 0 ? Status.DEGRADED : Status.RUNNING;
    }

    public Optional<State> get(String connector) {
        return Optional.ofNullable(states.get(connector));
    }
}
