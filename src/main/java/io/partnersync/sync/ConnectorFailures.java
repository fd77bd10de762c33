package io.partnersync.sync;

import io.partnersync.canonical.EntityType;
import io.partnersync.sync.spi.FailureCategory;
import io.partnersync.store.SyncFailure;
import io.partnersync.store.SyncFailure.Direction;
import io.partnersync.store.SyncFailureRepository;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import io.partnersync.store.SyncActivityRepository;

/**
 * The failure policy for what fails as a whole rather than one record: a poll, a relay batch, a
 * webhook batch read. Each is kept as a sync failure of its connector and entity, named by the
 * activity ({@code (poll)}, {@code (relay)}, {@code (webhook)}), with the same categories as a
 * record's failure, and closed by the next success of that activity. The connector's health is
 * read from these rows, so health, {@code /api/failures} and the failure gauges tell the same story.
 */
@Component
public class ConnectorFailures {

    /** What a connector does that can fail as a whole. */
    public enum Activity {
        POLL(Direction.INBOUND), WEBHOOK(Direction.INBOUND), RELAY(Direction.OUTBOUND);

        private final Direction direction;

        Activity(Direction direction) {
            this.direction = direction;
        }

        /** The external id its failures are kept under; parenthesized, so never a CRM record's id. */
        public String key() {
            return "(" + name().toLowerCase(Locale.ROOT) + ")";
        }

        static boolean isActivity(String externalId) {
            for (Activity activity : values()) {
                if (activity.key().equals(externalId)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ConnectorFailures.class);

    private final SyncFailureRepository failures;

    private final SyncActivity activity;

    ConnectorFailures(SyncFailureRepository failures, SyncActivity activity) {
        this.failures = failures;
        this.activity = activity;
    }

    public void failed(String connector, EntityType entity, Activity activity, Throwable cause) {
        FailureCategory category = FailureClassifier.categorize(cause);
        String reason = activity.name().toLowerCase(Locale.ROOT) + " of " + entity.key() + " failed: " + FailureClassifier.describe(cause);
        if (!failures.record(connector, activity.direction, entity.name(), activity.key(), null, category, reason)) {
            log.debug("Connector {} ({}), again: {}", connector, category, reason); // the first time was logged as a new failure
        }
    }

    public void succeeded(String connector, EntityType entity, Activity activity) {
        failures.resolve(connector, activity.direction, entity.name(), List.of(activity.key()), "recovered");
        this.activity.succeeded(connector, entity.key(), activity.direction == Direction.INBOUND
                ? SyncActivityRepository.Direction.INBOUND : SyncActivityRepository.Direction.OUTBOUND);
    }

    /** The connector's open activity failures, newest first: what its health shows. */
    public List<SyncFailure> open(String connector) {
        return failures.openActivities(connector);
    }

    public static boolean isActivity(SyncFailure failure) {
        return Activity.isActivity(failure.externalId());
    }
}
