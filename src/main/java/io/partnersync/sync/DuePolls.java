package io.partnersync.sync;

import io.partnersync.config.ConnectorProperties.ConnectorRole;

import io.partnersync.canonical.EntityType;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.Connectors;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs the polls that are due, from the poll route's timer: every enabled connector of this
 * instance's share ({@link InstanceShares}) whose poll interval has passed since its last poll, each under its lease (one instance polls a connector at a time), each on
 * its own thread of {@link ConnectorWork} (one slow portal delays no other). Each entity is read on
 * its own: a read that fails is kept by {@link ConnectorFailures} (and shows on the connector's
 * health) until the next read of that entity succeeds, and the other entities and connectors go on.
 * Thread-safe.
 */
@Component("duePolls")
public class DuePolls {

    private static final Logger log = LoggerFactory.getLogger(DuePolls.class);

    private final Connectors connectors;
    private final ConnectorStates states;
    private final Map<String, Instant> lastPolled = new ConcurrentHashMap<>();
    private final Leases leases;
    private final ConnectorWork work;
    private final ConnectorFailures failures;

    private final SyncActivity activity;

    private final IncrementalReads reads;

    private final InstanceShares shares;

    DuePolls(Connectors connectors, ConnectorStates states, Leases leases, ConnectorWork work, ConnectorFailures failures,
             SyncActivity activity, IncrementalReads reads, InstanceShares shares) {
        this.shares = shares;
        this.reads = reads;
        this.activity = activity;
        this.work = work;
        this.connectors = connectors;
        this.states = states;
        this.leases = leases;
        this.failures = failures;
    }

    /** Hands every connector whose poll is due to its own thread; returns at once. */
    public void pollDue() {
        for (ConnectorProperties connector : connectors.all()) {
            if (!connector.enabled() || states.isStopped(connector.name()) || !shares.owns(connector.name())) {
                continue; // another instance's share, when several run
            }
            Instant last = lastPolled.get(connector.name());
            if (last == null) {
                // a connector's first poll comes at its own offset within the interval: thousands of
                // connectors started at once are polled evenly over the first interval, not in one burst
                // that would make the second poll of the last ones late. The vendor's comes at once: the
                // partners' records refer to its partners, and wait for them
                long offset = connector.role() == ConnectorRole.VENDOR ? 0
                        : Math.floorMod(connector.name().hashCode(), Math.max(1, connector.pollInterval().toMillis()));
                last = Instant.now().minus(connector.pollInterval()).plusMillis(offset);
                lastPolled.put(connector.name(), last);
            }
            if (Instant.now().isBefore(last.plus(connector.pollInterval()))) {
                continue;
            }
            // a poll still waiting for a thread is not submitted twice (ConnectorWork knows it by name)
            work.submit(ConnectorWork.Lane.READ, "poll:" + connector.name(), false, () -> pollOne(connector));
        }
    }

    /** The next run polls {@code connector} whatever its interval (after an operator resumed it, for example). */
    public void pollSoon(String connector) {
        lastPolled.put(connector, Instant.EPOCH);
    }

    /** Polls every entity of {@code connector} now, on this thread, under its lease (a test, or an operator's "poll now"). */
    public void pollNow(String connector) {
        pollOne(connectors.find(connector).orElseThrow(() -> new IllegalArgumentException("no connector named '" + connector + "'")));
    }

    private void pollOne(ConnectorProperties connector) {
        // the interval counts from when a poll starts, not from when it was handed to the pool: a poll
        // that waited for a thread is not followed by one that comes early, nor by one that comes late
        lastPolled.put(connector.name(), Instant.now());
        try {
            // held for the poll interval: with several instances, one polls each connector, once per interval
            leases.runExclusively("poll:" + connector.name(), atLeast(connector), () -> readAll(connector));
        } catch (RuntimeException e) {
            // the lease itself could not be taken (the store unreachable): nothing was read
            states.report(connector.name(), false, "polling failed: " + e.getMessage());
        }
    }

    /** One run: every entity of the connector, each on its own; one INFO line sums it up. */
    private void readAll(ConnectorProperties connector) {
        int records = 0;
        int kept = 0;
        int failing = 0;
        boolean reported = false;
        long started = System.nanoTime();
        MDC.put("connector", connector.name());
        MDC.put("run", "poll-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL));
        try {
            for (EntityType entity : connector.entities()) {
                MDC.put("entity", entity.key());
                try {
                    IncrementalReads.Result read = reads.read(connector.name(), entity);
                    failures.succeeded(connector.name(), entity, ConnectorFailures.Activity.POLL);
                    reported |= read.skippedBecause().isPresent();
                    records += read.records();
                    kept += read.failed();
                } catch (RuntimeException e) {
                    failing++;
                    failures.failed(connector.name(), entity, ConnectorFailures.Activity.POLL, e);
                }
            }
            MDC.remove("entity");
            activity.timePoll(connector.name(), Duration.ofNanos(System.nanoTime() - started));
            String failedRecords = kept == 0 ? "" : ", " + kept + " of them kept as failures (see /api/failures)";
            log.info("Poll of {}: {} records read in {} ms{}{}", connector.name(), records, (System.nanoTime() - started) / 1_000_000, failedRecords,
                    failing == 0 ? "" : ", " + failing + " of " + connector.entities().size() + " entities failing");
            if (!reported) {
                states.report(connector.name(), true, "last read: " + records + " records" + failedRecords);
            }
        } finally {
            MDC.remove("entity");
            MDC.remove("connector");
            MDC.remove("run");
        }
    }

    private static Duration atLeast(ConnectorProperties connector) {
        Duration interval = connector.pollInterval().minusSeconds(1);
        return interval.isNegative() ? Duration.ZERO : interval;
    }
}
