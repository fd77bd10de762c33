package io.partnersync.sync;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.partnersync.store.SyncActivityRepository;
import io.partnersync.store.SyncActivityRepository.Direction;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What flows: records read and written per connector and entity, when each last succeeded, and
 * how long polls and relay runs take. Kept in the store (the sync health page's figures, the same
 * on every instance) and as metrics:
 * <ul>
 * <li>{@code partnersync.records} (counter; connector, entity, direction {@code in|out})</li>
 * <li>{@code partnersync.last.success} (gauge, epoch seconds; connector, direction) of this instance</li>
 * <li>{@code partnersync.poll} and {@code partnersync.relay} (timers; connector)</li>
 * </ul>
 * A failure of the store while recording the figures is logged and never fails the sync.
 */
@Component
public class SyncActivity {

    private static final Logger log = LoggerFactory.getLogger(SyncActivity.class);

    private final SyncActivityRepository repository;
    private final MeterRegistry meters;
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();

    SyncActivity(SyncActivityRepository repository, MeterRegistry meters) {
        this.repository = repository;
        this.meters = meters;
    }

    /** Records a connector read (a poll page, a webhook batch, a replay) and handed to the store. */
    public void read(String connector, String entity, int records) {
        moved(connector, entity, Direction.INBOUND, records);
    }

    /** Records the relay wrote to a connector's CRM. */
    public void written(String connector, String entity, int records) {
        moved(connector, entity, Direction.OUTBOUND, records);
    }

    /** A read or write of one entity that did not fail (finding nothing new counts). */
    public void succeeded(String connector, String entity, Direction direction) {
        lastSuccess.computeIfAbsent(connector + "|" + direction, key -> {
            AtomicLong at = new AtomicLong();
            Gauge.builder("partnersync.last.success", at, AtomicLong::get)
                    .description("When the connector last read (in) or wrote (out) without failing, epoch seconds, on this instance")
                    .baseUnit("seconds").tag("connector", connector).tag("direction", word(direction)).register(meters);
            return at;
        }).set(Instant.now().getEpochSecond());
        try {
            repository.succeeded(connector, entity, direction);
        } catch (RuntimeException e) {
            log.warn("Could not record the last success of {} {}: {}", connector, entity, e.toString());
        }
    }

    public void timePoll(String connector, Duration took) {
        Timer.builder("partnersync.poll").description("One poll of every entity of a connector").tag("connector", connector)
                .register(meters).record(took);
    }

    public void timeRelay(String connector, Duration took) {
        Timer.builder("partnersync.relay").description("One relay run writing a connector's due changes").tag("connector", connector)
                .register(meters).record(took);
    }

    private void moved(String connector, String entity, Direction direction, int records) {
        if (records <= 0) {
            return;
        }
        Counter.builder("partnersync.records").description("Records read from (in) or written to (out) a connector's CRM")
                .tag("connector", connector).tag("entity", entity).tag("direction", word(direction)).register(meters).increment(records);
        try {
            repository.moved(connector, entity, direction, records);
        } catch (RuntimeException e) {
            log.warn("Could not count {} records of {} {}: {}", records, connector, entity, e.toString());
        }
    }

    private static String word(Direction direction) {
        return direction == Direction.INBOUND ? "in" : "out";
    }


    /** Buckets older than two days are deleted once an hour (the page shows at most one day). */
    @Bean
    static RecurringTask<Void> syncActivityRetention(SyncActivityRepository repository) {
        return Tasks.recurring("sync-activity-retention", FixedDelay.of(Duration.ofHours(1)))
                .execute((instance, context) -> repository.forgetBefore(Instant.now().minus(Duration.ofDays(2))));
    }
}
