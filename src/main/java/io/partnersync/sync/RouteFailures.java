package io.partnersync.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.sync.spi.FailureCategory;
import io.partnersync.store.SyncFailure.Direction;
import io.partnersync.store.SyncFailureRepository;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Collection;
import java.util.Map;

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
    private final ObjectMapper json;

    RouteFailures(SyncFailureRepository failures, ObjectMapper json) {
        this.failures = failures;
        this.json = json;
    }

    /** Parsed records are kept as JSON, so that a replay can read them back; anything else as its text. */
    private String payload(Object body) {
        if (body instanceof Map<?, ?> || body instanceof Collection<?>) {
            try {
                return json.writeValueAsString(body);
            } catch (JsonProcessingException e) {
                return body.toString();
            }
        }
        return body == null ? null : body.toString();
    }

    public void record(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String connector = exchange.getMessage().getHeader(CONNECTOR, "unknown", String.class);
        String entity = exchange.getMessage().getHeader(ENTITY, "unknown", String.class);
        String externalId = exchange.getMessage().getHeader(EXTERNAL_ID, "route:" + exchange.getFromRouteId(), String.class);
        Direction direction = exchange.getMessage().getHeader(DIRECTION, Direction.INBOUND, Direction.class);
        String payload = payload(exchange.getMessage().getBody());
        FailureCategory category = FailureClassifier.categorize(cause);
        String reason = "route " + exchange.getFromRouteId() + ": " + FailureClassifier.describe(cause);
        failures.record(connector, direction, entity, externalId, payload, category, reason);
    }
}
