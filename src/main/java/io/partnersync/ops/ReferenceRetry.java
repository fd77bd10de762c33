package io.partnersync.ops;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.partnersync.canonical.EntityType;
import io.partnersync.sync.ConnectorWork;
import io.partnersync.sync.PartnersArrived;
import io.partnersync.sync.spi.PageSink;
import io.partnersync.store.SyncFailure;
import io.partnersync.store.SyncFailureRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Takes in again, on its own, the records kept because they referred to one not in the store yet
 * (a partner's deal read before the vendor's partner Account): the reads that found them have moved
 * on, so without this they would wait for an operator's replay or the record's next edit. Runs as
 * a db-scheduler recurring task (one instance at a time), oldest first, backing off per failure
 * (15 s times its attempts, at most 5 minutes between tries).
 */
@Configuration(proxyBeanMethods = false)
public class ReferenceRetry {

    static final int PER_RUN = 500;

    private final SyncFailureRepository failures;
    private final PageSink ingest;
    private final ObjectMapper json;
    private final ConnectorWork work;
    private final boolean enabled;

    ReferenceRetry(SyncFailureRepository failures, PageSink ingest, ObjectMapper json, ConnectorWork work,
                   @Value("${partnersync.reference-retry.enabled:true}") boolean enabled) {
        this.failures = failures;
        this.ingest = ingest;
        this.json = json;
        this.work = work;
        this.enabled = enabled;
    }

    /**
     * New partners arrived: the records that waited for a partner go in again now, on a worker
     * thread, rather than after their backoff (a backfill reads partners' deals before the vendor's
     * partner Accounts; they waited up to 15 s more). Off with the timer
     * ({@code partnersync.reference-retry.enabled=false}).
     */
    @TransactionalEventListener(fallbackExecution = true)
    void onPartnersArrived(PartnersArrived arrived) {
        if (enabled) {
            work.submit(ConnectorWork.Lane.READ, "reference-retry", true, () -> retryWaiting(arrived.at()));
        }
    }

    /**
     * Ingests again every REFERENCE failure last seen before {@code arrived}, whatever its backoff,
     * all of them (a backfill may have thousands waiting); one that still lacks its reference is seen
     * again, so it is not taken twice. Returns how many records were tried.
     */
    public int retryWaiting(Instant arrived) {
        // no cap: each failure taken is resolved or seen again (after arrived), so the loop ends with the last one waiting
        int tried = 0;
        while (true) {
            int one = retryBatch(failures.referenceFailuresSeenBefore(arrived, PER_RUN));
            tried += one;
            if (one < PER_RUN) {
                return tried;
            }
        }
    }

    @Bean
    @ConditionalOnProperty(name = "partnersync.reference-retry.enabled", havingValue = "true", matchIfMissing = true)
    RecurringTask<Void> referenceRetryTask() {
        return Tasks.recurring("reference-retry", FixedDelay.of(Duration.ofSeconds(15))).execute((instance, context) -> retryDue());
    }

    /** Batches of {@link #PER_RUN} one run takes at most: a backfill that read thousands of deals before their partners drains in one run. */
    static final int BATCHES_PER_RUN = 40;

    /**
     * Ingests every due REFERENCE failure again (up to {@link #BATCHES_PER_RUN} batches), a page per
     * connector and entity; returns how many records were tried. A record whose parent is still
     * missing fails again and waits its backoff, so a run ends once only those are left.
     */
    public int retryDue() {
        int tried = 0;
        for (int batch = 0; batch < BATCHES_PER_RUN; batch++) {
            int one = retryBatch(failures.dueReferenceFailures(PER_RUN));
            tried += one;
            if (one < PER_RUN) {
                // the last due ones, or some that are not single records (an operator's replay takes those)
                break;
            }
        }
        return tried;
    }

    private int retryBatch(List<SyncFailure> due) {
        Map<String, List<Map<String, Object>>> pages = new LinkedHashMap<>();
        for (SyncFailure failure : due) {
            try {
                Map<String, Object> record = json.readValue(failure.payload(), new TypeReference<Map<String, Object>>() { });
                pages.computeIfAbsent(failure.connector() + "|" + failure.entityType(), k -> new ArrayList<>()).add(record);
            } catch (Exception e) {
                // not a single record (a page kept by a route): left for an operator's replay
            }
        }
        int tried = 0;
        for (var page : pages.entrySet()) {
            String[] source = page.getKey().split("\\|", 2);
            EntityType type = EntityType.fromKey(source[1].toLowerCase(Locale.ROOT)).orElse(null);
            if (type != null) {
                ingest.deliver(source[0], type, page.getValue(), null);
                tried += page.getValue().size();
            }
        }
        return tried;
    }
}
