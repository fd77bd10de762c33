package io.partnersync.ops;

import io.partnersync.store.AuditRepository;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The live state each connector reports (running, paused until a quota resets, refused by its
 * CRM), shown in {@code /actuator/health}. Thread-safe.
 */
@Component
public class ConnectorStates {

    /** @param healthy false makes the connector's health DOWN */
    public record State(boolean healthy, String summary, Instant since) {
    }

    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Map<String, String> stopped = new ConcurrentHashMap<>();
    private final AuditRepository audit;
    private final io.partnersync.store.ConnectorPauseRepository pauses;

    ConnectorStates(AuditRepository audit, io.partnersync.store.ConnectorPauseRepository pauses) {
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

    public Optional<io.partnersync.store.ConnectorPauseRepository.Pause> pause(String connector) {
        return pauses.find(connector);
    }

    public Optional<State> get(String connector) {
        return Optional.ofNullable(states.get(connector));
    }
}
