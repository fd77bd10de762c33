package io.partnersync.connector;

import java.util.Optional;

/** The state of the circuit breaker in front of each connector's CRM its type keeps one for. */
public interface CircuitBreakerStates {

    /** {@code closed}, {@code open} or {@code half_open}; empty for a connector without one, or before its first call. */
    Optional<String> state(String connector);
}
