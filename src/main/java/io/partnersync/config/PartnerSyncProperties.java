package io.partnersync.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Everything under {@code partnersync.*}.
 *
 * @param routesDir folder of Camel YAML DSL route files ({@code *.camel.yaml}) loaded at start-up
 * @param mappingsDir folder of field-mapping files, {@code <crm>/<entity>.yaml}
 * @param connectors the CRM connections; at most one with role vendor
 * @param connectorThreads how many connectors are polled or written at the same time (each on its own)
 * @param lease how long an instance holds a connector's polling or relay without renewing it (it
 *     renews while it works); an instance that dies is replaced within this time (at least 30 s)
 */
@Validated
@ConfigurationProperties("partnersync")
public record PartnerSyncProperties(
        @NotBlank @DefaultValue("routes") String routesDir,
        @NotNull @DefaultValue("mappings") Path mappingsDir,
        @Valid @DefaultValue List<ConnectorProperties> connectors,
        @Valid @DefaultValue Embedded embedded,
        @NotNull @DurationMin(seconds = 30, message = "expected at least 30 seconds (PT30S): leases are renewed while their work runs")
        @DefaultValue("PT30S") Duration lease,
        @Positive @DefaultValue("4") int connectorThreads) {

    /** The same settings with {@code connectors} instead. */
    public PartnerSyncProperties withConnectors(List<ConnectorProperties> connectors) {
        return new PartnerSyncProperties(routesDir, mappingsDir, List.copyOf(connectors), embedded, lease, connectorThreads);
    }

    public Optional<ConnectorProperties> connector(String name) {
        return connectors.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * The embedded PostgreSQL used when no {@code spring.datasource.url} is set.
     *
     * @param dataDir kept across restarts; delete it to start from an empty store
     * @param port 0 picks a free port
     */
    public record Embedded(@NotNull @DefaultValue("data/postgres") Path dataDir, @DefaultValue("0") int port) {
    }
}
