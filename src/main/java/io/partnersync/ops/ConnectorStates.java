package io.partnersync.ops;

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

    public void report(String connector, boolean healthy, String summary) {
        states.put(connector, new State(healthy, summary, Instant.now()));
    }

    public Optional<State> get(String connector) {
        return Optional.ofNullable(states.get(connector));
    }
}
