package io.partnersync.sync;

import io.partnersync.config.PartnerSyncProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.support.KeepAliveLockProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import jakarta.annotation.PreDestroy;

/**
 * Work that one instance at a time must do (a connector's polling, its outbox relay), leased
 * through PostgreSQL with ShedLock (table {@code shedlock}, database time, so instances' clocks do
 * not matter). A lease is renewed while its work runs; an instance that dies loses it within
 * {@code partnersync.lease}. Thread-safe.
 */
@Component
public class Leases {

    private final LockingTaskExecutor executor;
    private final Duration lease;
    private final ScheduledExecutorService renewals;

    Leases(DataSource dataSource, PartnerSyncProperties properties) {
        this.lease = properties.lease();
        this.renewals = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "partnersync-lease-renewal");
            thread.setDaemon(true);
            return thread;
        });
        var provider = new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource)).usingDbTime().build());
        this.executor = new DefaultLockingTaskExecutor(new KeepAliveLockProvider(provider, renewals));
    }

    /**
     * Runs {@code work} if this instance gets the lease {@code name}, and returns whether it ran.
     * Runtime exceptions of the work pass through.
     *
     * @param atLeast how long the lease stays taken after the work, so that no instance does the
     *     same work again sooner (a poll interval); zero frees it at once
     */
    public boolean runExclusively(String name, Duration atLeast, Runnable work) {
        Duration atMost = atLeast.compareTo(lease) > 0 ? atLeast : lease;
        try {
            return executor.executeWithLock(() -> {
                work.run();
                return Boolean.TRUE;
            }, new LockConfiguration(Instant.now(), name, atMost, atLeast)).wasExecuted();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("leased work " + name + " failed", e);
        }
    }

    @PreDestroy
    void stop() {
        renewals.shutdownNow();
    }
}
