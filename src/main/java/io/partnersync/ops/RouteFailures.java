package io.partnersync.ops;

import io.partnersync.store.FailureCategory;
import io.partnersync.store.SyncFailure.Direction;
import io.partnersync.store.SyncFailureRepository;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Called by the shared route error policy ({@code partnersync-errors}) with a message no route
 * could process: keeps it as a sync failure, so nothing is lost and it can be replayed. The
 * headers the routes set say which connector and entity the message belongs to.
 */
@Component("routeFailures")
public class RouteFailures {

    public static final String CONNECTOR = "PartnerSyncConnector";
    public static final String ENTITY = "PartnerSyncEntity";
    public static final String EXTERNAL_ID = "PartnerSyncExternalId";
    public static final String DIRECTION = "PartnerSyncDirection";

    private static final Logger log = LoggerFactory.getLogger(RouteFailures.class);

    private final SyncFailureRepository failures;

    RouteFailures(SyncFailureRepository failures) {
        this.failures = failures;
    }

    public void record(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String connector = exchange.getMessage().getHeader(CONNECTOR, "unknown", String.class);
        String entity = exchange.getMessage().getHeader(ENTITY, "unknown", String.class);
        String externalId = exchange.getMessage().getHeader(EXTERNAL_ID, "route:" + exchange.getFromRouteId(), String.class);
        Direction direction = exchange.getMessage().getHeader(DIRECTION, Direction.INBOUND, Direction.class);
        String payload = exchange.getMessage().getBody(String.class);
        FailureCategory category = FailureClassifier.categorize(cause);
        String reason = "route " + exchange.getFromRouteId() + ": " + FailureClassifier.describe(cause);
        log.warn("Kept as sync failure ({}): connector={} entity={} {}", category, connector, entity, reason);
        failures.record(connector, direction, entity, externalId, payload, category, reason);
    }
}
