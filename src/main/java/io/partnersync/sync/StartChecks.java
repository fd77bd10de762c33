package io.partnersync.sync;

import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.Connectors;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.beans.factory.annotation.Value;

/**
 * Beside start-up, asks each enabled connector's kind whether the connector can work at all
 * ({@link io.partnersync.sync.spi.ConnectorKind#startRefusal}); one that cannot is stopped with the
 * kind's reason, and the others keep running. {@code partnersync.start-checks.enabled: false} leaves
 * the checks out (a tool that starts the service for a moment, or tests that run them themselves).
 */
@Component
public class StartChecks {

    private static final Logger log = LoggerFactory.getLogger(StartChecks.class);

    private final Connectors connectors;
    private final ConnectorKinds kinds;
    private final ConnectorStates states;
    private final boolean enabled;

    StartChecks(Connectors connectors, ConnectorKinds kinds, ConnectorStates states,
                @Value("${partnersync.start-checks.enabled:true}") boolean enabled) {
        this.enabled = enabled;
        this.connectors = connectors;
        this.kinds = kinds;
        this.states = states;
    }

    /** Runs beside start-up, not in its way: a slow or unreachable CRM must not hold up the others. */
    @EventListener(ApplicationReadyEvent.class)
    public void checkAll() {
        if (!enabled) {
            return;
        }
        CompletableFuture.runAsync(() -> connectors.all().stream().filter(ConnectorProperties::enabled).forEach(this::check));
    }

    /** @return whether the connector can work */
    public boolean check(ConnectorProperties connector) {
        try {
            var refusal = kinds.of(connector).startRefusal(connector);
            refusal.ifPresent(reason -> {
                log.error(reason);
                states.stop(connector.name(), reason);
            });
            return refusal.isEmpty();
        } catch (RuntimeException e) {
            log.warn("Could not check the CRM of connector {}: {}", connector.name(), e.getMessage());
            states.report(connector.name(), false, "start check failed: " + e.getMessage());
            return false;
        }
    }
}
