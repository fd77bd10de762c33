package io.partnersync.sync;

import io.partnersync.config.PartnerSyncProperties;
import jakarta.annotation.PreDestroy;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Runs connectors' polls and relays side by side on two bounded pools of
 * {@code partnersync.connector-threads} each, one for reads and one for writes, so a slow, paused
 * or failing CRM never delays another, and the writes to the CRMs never wait behind reads (a
 * backfill's polls spend most of their time waiting for the portals' search limits; the relays
 * behind them would have waited until every read was done). Each piece of work is named (for
 * example {@code relay:acme-crm}) and is not started again while it still runs. The timers that
 * hand work here return at once. Thread-safe.
 */
@Component
public class ConnectorWork {

    /** Which pool a piece of work runs on. */
    public enum Lane { READ, WRITE }

    private final ExecutorService reads;
    private final ExecutorService writes;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Set<String> again = ConcurrentHashMap.newKeySet();

    ConnectorWork(PartnerSyncProperties properties) {
        this.reads = pool(properties.connectorThreads(), "partnersync-connector-");
        this.writes = pool(properties.connectorThreads(), "partnersync-relay-");
    }

    private static ExecutorService pool(int size, String prefix) {
        AtomicInteger threads = new AtomicInteger();
        return Executors.newFixedThreadPool(size, r -> {
            Thread thread = new Thread(r, prefix + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts {@code work} unless work of that name is running; then, if {@code rerun}, it runs once
     * more right after (a wake-up that arrives during a relay is not lost).
     */
    public void submit(Lane lane, String name, boolean rerun, Runnable work) {
        if (!running.add(name)) {
            if (rerun) {
                again.add(name);
            }
            return;
        }
        (lane == Lane.WRITE ? writes : reads).execute(() -> {
            try {
                do {
                    again.remove(name);
                    work.run();
                } while (again.contains(name));
            } finally {
                running.remove(name);
            }
        });
    }

    @PreDestroy
    void stop() {
        reads.shutdownNow();
        writes.shutdownNow();
    }
}
