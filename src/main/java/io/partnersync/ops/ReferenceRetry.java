package io.partnersync.ops;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.partnersync.canonical.EntityType;
import io.partnersync.sync.spi.PageSink;
import io.partnersync.store.SyncFailure;
import io.partnersync.store.SyncFailureRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
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

    ReferenceRetry(SyncFailureRepository failures, PageSink ingest, ObjectMapper json) {
        this.failures = failures;
        this.ingest = ingest;
        this.json = json;
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
            int one = retryBatch();
            tried += one;
            if (one < PER_RUN) {
                // the last due ones, or some that are not single records (an operator's replay takes those)
                break;
            }
        }
        return tried;
    }

    private int retryBatch() {
        Map<String, List<Map<String, Object>>> pages = new LinkedHashMap<>();
        for (SyncFailure failure : failures.dueReferenceFailures(PER_RUN)) {
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
