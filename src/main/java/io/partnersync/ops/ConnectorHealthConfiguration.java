package io.partnersync.ops;

import io.partnersync.sync.ConnectorStates;
import io.partnersync.sync.ConnectorFailures;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.Connectors;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.stream.Stream;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import io.partnersync.store.OutboxRepository;
import io.partnersync.store.SyncFailureRepository;
import java.util.Map;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import com.google.common.base.Suppliers;
import io.partnersync.store.SyncActivityRepository;
import io.partnersync.sync.spi.FailureCategory;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Status;

/**
 * One health component per connector under {@code connectors} in {@code /actuator/health}, and
 * per-connector gauges of what is waiting in the outbox and what is stuck as a failure.
 */
@Configuration(proxyBeanMethods = false)
class ConnectorHealthConfiguration {

    /**
     * A connector that fails (its CRM refuses, a poll or relay keeps failing) is FAILING, not DOWN:
     * the service's own status leaves it out (it is not in the root's status order), so one
     * partner's bad token never makes a probe restart the service; the {@code sync} health group
     * ({@code /actuator/health/sync}) answers 503 for it.
     */
    static final Status FAILING =
            new Status("FAILING", "a poll, relay or webhook of this connector fails");

    /** Follows the connectors as they are now: a connection added at runtime shows at once, a removed one goes. */
    @Bean
    CompositeHealthContributor connectors(Connectors connectors, ConnectorStates states,
                                          OutboxRepository outbox, SyncFailureRepository failures, ConnectorFailures activities) {
        return new CompositeHealthContributor() {
            @Override
            public HealthContributor getContributor(String name) {
                return connectors.find(name).map(c -> indicator(c, states, outbox, failures, activities)).orElse(null);
            }

            @Override
            public Stream<HealthContributors.Entry> stream() {
                return connectors.all().stream().map(c -> new HealthContributors.Entry(c.name(), indicator(c, states, outbox, failures, activities)));
            }
        };
    }

    private static HealthIndicator indicator(ConnectorProperties connector, ConnectorStates states, OutboxRepository outbox,
                                             SyncFailureRepository failures, ConnectorFailures activities) {
        return () -> health(connector, states, outbox, failures, activities);
    }

    @Bean
    MeterBinder connectorGauges(Connectors connectors, OutboxRepository outbox, SyncFailureRepository failures,
                                SyncActivityRepository activity, ConnectorStates states, ConnectorFailures activities) {
        return new MeterBinder() {
            @Override
            public void bindTo(MeterRegistry registry) {
                connectors.all().forEach(connector -> register(registry, connector, outbox, failures, activity, states, activities));
                connectors.listen(new Connectors.Listener() {
                    @Override
                    public void added(ConnectorProperties connector) {
                        register(registry, connector, outbox, failures, activity, states, activities);
                    }

                    @Override
                    public void removed(ConnectorProperties connector) {
                        registry.find("partnersync.outbox.oldest.age").tag("connector", connector.name()).meters().forEach(registry::remove);
                        registry.find("partnersync.connector.state").tag("connector", connector.name()).meters().forEach(registry::remove);
                        registry.find("partnersync.outbox.pending").tag("connector", connector.name()).meters().forEach(registry::remove);
                        registry.find("partnersync.failures.open").tag("connector", connector.name()).meters().forEach(registry::remove);
                    }
                });
            }
        };
    }

    private static void register(MeterRegistry registry, ConnectorProperties connector, OutboxRepository outbox, SyncFailureRepository failures,
                                 SyncActivityRepository activity, ConnectorStates states, ConnectorFailures activities) {
        Gauge.builder("partnersync.outbox.oldest.age", recentSeconds(() -> activity.oldestWaitingSeconds(connector.name())))
                .description("How long the oldest change waiting to be written to the connector's CRM has waited")
                .baseUnit("seconds").tag("connector", connector.name()).register(registry);
        var status = Suppliers.memoizeWithExpiration(
                () -> states.status(connector, activities.open(connector.name()), failures.countOpen(connector.name())), 15, TimeUnit.SECONDS);
        for (ConnectorStates.Status each : ConnectorStates.Status.values()) {
            Gauge.builder("partnersync.connector.state", () -> status.get() == each ? 1 : 0)
                    .description("1 for the connector's current state (running, degraded, waiting_for_quota, failing, paused, stopped, disabled), else 0")
                    .tag("connector", connector.name()).tag("state", each.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        Gauge.builder("partnersync.outbox.pending", recent(() -> outbox.countPending(connector.name())))
                .description("Changes waiting to be written to the connector's CRM")
                .tag("connector", connector.name()).register(registry);
        Gauge.builder("partnersync.failures.open", recent(() -> failures.countOpen(connector.name())))
                .description("Records of the connector kept as unresolved sync failures")
                .tag("connector", connector.name()).register(registry);
    }

    /**
     * A count read at most every 15 s, however often Prometheus scrapes: the outbox and failure
     * tables can be large, and a gauge must not run a COUNT(*) per scrape.
     */
    static Supplier<Number> recent(LongSupplier count) {
        return Suppliers.memoizeWithExpiration(count::getAsLong, 15, TimeUnit.SECONDS)::get;
    }

    private static Supplier<Number> recentSeconds(DoubleSupplier seconds) {
        return Suppliers.memoizeWithExpiration(seconds::getAsDouble, 15, TimeUnit.SECONDS)::get;
    }

    private static Health health(ConnectorProperties connector, ConnectorStates states, OutboxRepository outbox,
                                 SyncFailureRepository failures, ConnectorFailures activities) {
        Health.Builder builder;
        if (!connector.enabled()) {
            builder = Health.up().withDetail("state", "disabled in configuration");
        } else {
            var state = states.get(connector.name()).orElse(null);
            var failing = activities.open(connector.name());
            // a rate limit is waited out, not a fault; any other failing poll, relay or webhook batch is
            boolean down = (state != null && !state.healthy())
                    || failing.stream().anyMatch(f -> f.category() != FailureCategory.RATE_LIMIT);
            builder = down ? Health.status(FAILING) : Health.up();
            builder.withDetail("state", state == null ? "waiting for its first sync" : state.summary());
            states.pause(connector.name()).ifPresent(pause -> builder.withDetail("paused", "by " + pause.by() + " since " + pause.since()
                    + (pause.reason() == null || pause.reason().isBlank() ? "" : ": " + pause.reason())));
            if (state != null) {
                builder.withDetail("since", state.since());
            }
            if (!failing.isEmpty()) {
                builder.withDetail("failing", failing.stream().map(f -> Map.of("id", f.id(), "entity", f.entityType(),
                        "activity", f.externalId(), "category", f.category(), "reason", f.reason(), "since", f.firstSeenAt(),
                        "attempts", f.attempts())).toList());
            }
        }
        builder.withDetail("type", connector.type()).withDetail("role", connector.role());
        if (connector.partner() != null) {
            builder.withDetail("partner", connector.partner());
        }
        return builder.withDetail("entities", connector.entities())
                .withDetail("outboxPending", outbox.countPending(connector.name()))
                .withDetail("openFailures", failures.countOpen(connector.name()))
                .build();
    }
}
