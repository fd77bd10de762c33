package io.partnersync.sync;

import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.Connectors;
import io.partnersync.sync.spi.ConnectorWriter;
import io.partnersync.mapping.MappingRegistry;
import io.partnersync.store.OutboxEntry;
import io.partnersync.store.OutboxRepository;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import io.partnersync.store.OutboxQueued;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.MDC;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Delivers the outbox: per target connector, on its own thread and under its lease, takes what is
 * due and hands it, one entity at a time, to {@link OutboundDelivery}, which ends in the connector's
 * outbound route and its kind's {@link ConnectorWriter}. Woken by the commit that queued the writes,
 * and by the relay timer as the safety net.
 */
@Component("outboxRelay")
public class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final Connectors connectors;
    private final InstanceShares shares;
    private final ConnectorKinds kinds;
    private final MappingRegistry mappings;
    private final OutboxRepository outbox;
    private final OutboundDelivery delivery;
    private final ConnectorStates states;
    private final Leases leases;
    private final ConnectorWork work;
    private final ConnectorFailures connectorFailures;
    private final SyncActivity activity;
    private final boolean wakeOnCommit;
    private final VendorBudget budget;

    OutboxRelay(Connectors connectors, ConnectorKinds kinds, MappingRegistry mappings, OutboxRepository outbox, OutboundDelivery delivery,
                ConnectorStates states, Leases leases, ConnectorWork work, ConnectorFailures connectorFailures, SyncActivity activity,
                InstanceShares shares, VendorBudget budget, @Value("${partnersync.relay.enabled:true}") boolean wakeOnCommit) {
        this.budget = budget;
        this.shares = shares;
        this.connectors = connectors;
        this.kinds = kinds;
        this.mappings = mappings;
        this.outbox = outbox;
        this.delivery = delivery;
        this.states = states;
        this.leases = leases;
        this.work = work;
        this.connectorFailures = connectorFailures;
        this.activity = activity;
        this.wakeOnCommit = wakeOnCommit;
    }

    /**
     * Starts a relay for every enabled connector of this instance's share ({@link InstanceShares}) that has a writer and
     * pending entries (a connector with nothing to write costs no lease and no thread), each on its own thread of
     * {@link ConnectorWork} and returns; one connector's trouble or slowness does not hold back the
     * others. A relay asked for while one runs follows right after it.
     */
    public void relayAll() {
        Set<String> pending = outbox.targetsPending();
        for (ConnectorProperties connector : connectors.all()) {
            if (pending.contains(connector.name()) && connector.enabled() && kinds.find(connector.type()).isPresent() && !states.isStopped(connector.name()) && shares.owns(connector.name())) {
                work.submit(ConnectorWork.Lane.WRITE, "relay:" + connector.name(), true, () -> relayLeased(connector));
            }
        }
    }

    /**
     * Wakes the relay of each target as soon as the transaction that queued its writes commits, so a
     * change reaches the other CRMs without waiting for the timer (which stays as the safety net).
     * Off with the relay timer ({@code partnersync.relay.enabled=false}).
     */
    @TransactionalEventListener(fallbackExecution = true)
    void onQueued(OutboxQueued queued) {
        if (!wakeOnCommit) {
            return;
        }
        for (String target : queued.targets()) {
            connectors.find(target).filter(c -> c.enabled() && kinds.find(c.type()).isPresent() && !states.isStopped(c.name()))
                    .ifPresent(c -> work.submit(ConnectorWork.Lane.WRITE, "relay:" + c.name(), true, () -> relayLeased(c)));
        }
    }

    private void relayLeased(ConnectorProperties connector) {
        try {
            // one instance writes a connector's outbox at a time: each entry is written once
            leases.runExclusively("relay:" + connector.name(), Duration.ZERO, () -> {
                MDC.put("connector", connector.name());
                MDC.put("run", "relay-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL));
                try {
                    long started = System.nanoTime();
                    Run run = run(connector.name());
                    activity.timeRelay(connector.name(), Duration.ofNanos(System.nanoTime() - started));
                    if (run.written() > 0) {
                        log.info("Relay to {}: {} records written in {} ms", connector.name(), run.written(), (System.nanoTime() - started) / 1_000_000);
                    }
                    if (run.more()) {
                        // a full run left more due (a backfill): the next follows now, not at the next commit or tick
                        work.submit(ConnectorWork.Lane.WRITE, "relay:" + connector.name(), true, () -> relayLeased(connector));
                    }
                } finally {
                    MDC.remove("connector");
                    MDC.remove("run");
                }
            });
        } catch (RuntimeException e) {
            log.warn("Outbox relay to {} failed: {}", connector.name(), e.getMessage());
        }
    }

    /** What one relay run did: how many records it wrote, and whether it took all it may take in a run (so more may be due). */
    record Run(int written, boolean more) {
    }

    /** @return how many records were written */
    public int relay(String connectorName) {
        return run(connectorName).written();
    }

    private Run run(String connectorName) {
        ConnectorProperties connector = connectors.find(connectorName).orElseThrow();
        ConnectorWriter writer = kinds.of(connector).writer();
        // the partners past their share of the vendor's API allowance wait (none when the target is no vendor)
        VendorBudget.Plan plan = budget.plan(connector);
        int limit = Math.min(writer.maxRecordsPerRun(connector), plan.maxRecords());
        if (limit <= 0) {
            return new Run(0, false); // the vendor's reserve: the changes wait in the outbox
        }
        List<OutboxRepository.Due> dueWithSource = outbox.due(connectorName, limit, plan.held());
        List<OutboxEntry> due = dueWithSource.stream().map(OutboxRepository.Due::entry).toList();
        Map<OutboxEntry, String> sources = new java.util.IdentityHashMap<>();
        dueWithSource.forEach(d -> sources.put(d.entry(), d.source()));
        int written = 0;
        Map<EntityType, List<OutboxEntry>> byType = due.stream().collect(Collectors.groupingBy(OutboxEntry::entityType, LinkedHashMap::new, Collectors.toList()));
        for (var group : byType.entrySet()) {
            try {
                int delivered = delivery.deliver(connector, mappings.mapping(connectorName, group.getKey()), group.getValue());
                Map<String, Integer> bySource = new java.util.HashMap<>();
                group.getValue().forEach(entry -> bySource.merge(sources.getOrDefault(entry, ""), 1, Integer::sum));
                budget.spent(connector, bySource, writer.calls(connector, group.getValue().size()));
                activity.written(connectorName, group.getKey().key(), delivered);
                written += delivered;
                connectorFailures.succeeded(connectorName, group.getKey(), ConnectorFailures.Activity.RELAY);
            } catch (RuntimeException e) {
                // the batch as a whole failed (the CRM unreachable after the client's retries): kept as the
                // connector's relay failure, and every entry of it waits with backoff, none is parked
                connectorFailures.failed(connectorName, group.getKey(), ConnectorFailures.Activity.RELAY, e);
                String reason = "batch failed: " + e.getMessage();
                group.getValue().forEach(entry -> outbox.retryLater(entry, reason, backoff(entry.attempts())));
            }
        }
        // a run cut short by the vendor budget is not full: what waits is held, not behind
        return new Run(written, written > 0 && due.size() >= limit && limit == writer.maxRecordsPerRun(connector));
    }

    /** 5, 10, 20, 40 ... seconds, at most 5 minutes: a CRM that is back is written again soon. */
    static Duration backoff(int attempts) {
        return Duration.ofSeconds(Math.min(300, 5L << Math.min(attempts, 6)));
    }
}
