package io.partnersync.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.springframework.stereotype.Component;
import java.util.concurrent.TimeUnit;

/**
 * Camel's per-route metrics ({@code camel_exchanges_total}, {@code _failed_total},
 * {@code _failures_handled_total}, {@code camel_route_policy_seconds}, tagged routeId, camelContext,
 * kind and eventType), with the names and tags of camel-micrometer's route policy, which the
 * dashboard and the alert rules in {@code ops/} read.
 *
 * <p>Written here, not taken from camel-micrometer: that module is not published for Camel 4.22 on
 * Maven Central (its last release is 4.18.1, built for Boot 3). Drop this class for
 * {@code MicrometerRoutePolicyFactory} once it is. Camel registers every {@link RoutePolicyFactory}
 * bean on each route.
 */
@Component
class CamelRouteMetrics implements RoutePolicyFactory {

    private final MeterRegistry meters;

    CamelRouteMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
        Tags tags = Tags.of("routeId", routeId, "camelContext", context.getName(), "kind", "CamelRoute", "eventType", "RouteEvent");
        return new Policy(Counter.builder("camel.exchanges").description("Exchanges a route completed or failed").tags(tags).register(meters),
                Counter.builder("camel.exchanges.failed").description("Exchanges a route failed").tags(tags).register(meters),
                Counter.builder("camel.exchanges.failures.handled").description("Failed exchanges the route's error handler handled").tags(tags).register(meters),
                Timer.builder("camel.route.policy").description("Time an exchange spent in the route").tags(tags).register(meters));
    }

    private static final class Policy extends RoutePolicySupport {

        private static final String STARTED = CamelRouteMetrics.class.getName() + ".started";

        private final Counter total;
        private final Counter failed;
        private final Counter handled;
        private final Timer time;

        Policy(Counter total, Counter failed, Counter handled, Timer time) {
            this.total = total;
            this.failed = failed;
            this.handled = handled;
            this.time = time;
        }

        @Override
        public void onExchangeBegin(Route route, Exchange exchange) {
            exchange.setProperty(STARTED + route.getRouteId(), System.nanoTime());
        }

        @Override
        public void onExchangeDone(Route route, Exchange exchange) {
            Long started = exchange.getProperty(STARTED + route.getRouteId(), Long.class);
            if (started != null) {
                time.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            }
            total.increment();
            if (exchange.isFailed()) {
                failed.increment();
            } else if (exchange.getProperty(ExchangePropertyKey.FAILURE_HANDLED, false, Boolean.class)) {
                handled.increment();
            }
        }
    }
}
