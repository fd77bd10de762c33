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
 * Runs connectors' polls and relays side by side on a bounded pool ({@code partnersync.connector-threads}),
 * so a slow, paused or failing CRM never delays another: each piece of work is named (for example
 * {@code relay:acme-crm}) and is not started again while it still runs. The timers that hand
 * work here return at once. Thread-safe.
 */
@Component
public class ConnectorWork {

    private final ExecutorService pool;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Set<String> again = ConcurrentHashMap.newKeySet();

    ConnectorWork(PartnerSyncProperties properties) {
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(properties.connectorThreads(), r -> {
            Thread thread = new Thread(r, "partnersync-connector-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts {@code work} unless work of that name is running; then, if {@code rerun}, it runs once
     * more right after (a wake-up that arrives during a relay is not lost).
     */
    public void submit(String name, boolean rerun, Runnable work) {
        if (!running.add(name)) {
            if (rerun) {
                again.add(name);
            }
            return;
        }
        pool.execute(() -> {
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
        pool.shutdownNow();
    }
}
