package io.partnersync.connector;

import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.PartnerSyncProperties;
import io.partnersync.ops.ConnectorStates;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the polls that are due: every enabled connector of one type whose poll interval has passed
 * since its last poll, each under its lease (one instance polls a connector at a time), each on
 * its own thread of {@link ConnectorWork} (one slow portal delays no other). A connector's failure is reported on its own health and logged, and the
 * others go on. One per poller; thread-safe.
 */
public final class DuePolls {

    private static final Logger log = LoggerFactory.getLogger(DuePolls.class);

    private final PartnerSyncProperties properties;
    private final ConnectorStates states;
    private final ConnectorProperties.ConnectorType type;
    private final Map<String, Instant> lastPolled = new ConcurrentHashMap<>();
    private final Leases leases;
    private final ConnectorWork work;

    public DuePolls(PartnerSyncProperties properties, ConnectorStates states, ConnectorProperties.ConnectorType type, Leases leases,
                    ConnectorWork work) {
        this.work = work;
        this.properties = properties;
        this.states = states;
        this.type = type;
        this.leases = leases;
    }

    /** @param poll polls one connector and returns a summary for its health, or {@code null} to leave its state as the poll set it */
    public void run(Function<ConnectorProperties, String> poll) {
        for (ConnectorProperties connector : properties.connectors()) {
            if (connector.type() != type || !connector.enabled() || states.isStopped(connector.name())) {
                continue;
            }
            Instant last = lastPolled.get(connector.name());
            if (last != null && Instant.now().isBefore(last.plus(connector.pollInterval()))) {
                continue;
            }
            lastPolled.put(connector.name(), Instant.now());
            work.submit("poll:" + connector.name(), false, () -> pollOne(connector, poll));
        }
    }

    private void pollOne(ConnectorProperties connector, Function<ConnectorProperties, String> poll) {
        try {
            // held for the poll interval: with several instances, one polls each connector, once per interval
            leases.runExclusively("poll:" + connector.name(), atLeast(connector), () -> {
                String summary = poll.apply(connector);
                if (summary != null) {
                    states.report(connector.name(), true, summary);
                }
            });
        } catch (RuntimeException e) {
            states.report(connector.name(), false, "polling failed: " + e.getMessage());
            log.warn("Polling of connector {} failed: {}", connector.name(), e.getMessage());
        }
    }

    private static java.time.Duration atLeast(ConnectorProperties connector) {
        java.time.Duration interval = connector.pollInterval().minusSeconds(1);
        return interval.isNegative() ? java.time.Duration.ZERO : interval;
    }
}
