package io.partnersync.sync;

import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.PartnerSyncProperties;
import io.partnersync.mapping.Mapping;
import io.partnersync.sync.spi.SourceReader;
import jakarta.annotation.PreDestroy;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Reads a connector's next page while the engine stores the current one: one page ahead per read,
 * on a pool as large as the connectors' own ({@code partnersync.connector-threads}), so every read
 * running can have its next page under way and no more. A read ahead that is not taken (the page
 * before it failed) is dropped; pages are never stored out of order, since the reading thread takes
 * them one after the other. A plain executor, not Camel's: the page is a value the reading thread
 * waits for, with the CRM's own exception when the call fails.
 */
@Component
class ReadAhead {

    private final ExecutorService pool;

    ReadAhead(PartnerSyncProperties properties) {
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(properties.connectorThreads(), r -> {
            Thread thread = new Thread(r, "partnersync-read-ahead-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts reading the page at {@code position}, with the caller's log context. */
    Future<SourceReader.Page> submit(ConnectorProperties connector, Mapping mapping, SourceReader reader, SourceReader.Position position) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return pool.submit(() -> {
            if (context != null) {
                MDC.setContextMap(context);
            }
            try {
                return reader.read(connector, mapping, position);
            } finally {
                MDC.clear();
            }
        });
    }

    /** The page, or the exception its read threw, as if it had been read on this thread. */
    static SourceReader.Page await(Future<SourceReader.Page> page) {
        try {
            return page.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("reading a page failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            page.cancel(true);
            throw new IllegalStateException("interrupted while reading a page", e);
        } catch (CancellationException e) {
            throw new IllegalStateException("the page's read was cancelled", e);
        }
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
