package io.partnersync.routes;

import static io.partnersync.support.Records.hubspotDeal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partnersync.support.IntegrationTest;
import io.partnersync.support.StoreTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@IntegrationTest
@DisplayName("Routes folder")
class RoutesFolderIT extends StoreTest {

    private static Path routesDir;

    @Autowired CamelContext camel;
    @Autowired ProducerTemplate producer;
    @Autowired JdbcTemplate jdbc;
    @Autowired io.partnersync.ops.FailureReplay replay;

    /** An admin's folder: the shipped routes plus a route file of their own. */
    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) throws IOException {
        routesDir = io.partnersync.support.RoutesFolder.copyOfShipped();
        Files.writeString(routesDir.resolve("acme-greeting.camel.yaml"), """
                - route:
                    id: acme-greeting
                    routeConfigurationId: partnersync-errors
                    from:
                      uri: direct:acme-greeting
                      steps:
                        - setBody:
                            simple: "hello ${body}"
                """);
        registry.add("partnersync.routes-dir", routesDir::toString);
    }

    @Test
    @DisplayName("a route file placed in the routes folder is loaded and runs")
    void routeFileLoaded() {
        assertThat(camel.getRoute("acme-greeting")).isNotNull();
        assertThat(camel.getRoute("acme-greeting").getConfigurationId()).isEqualTo("partnersync-errors");
        assertThat(producer.requestBody("direct:acme-greeting", "partner", String.class)).isEqualTo("hello partner");
    }

    @Test
    @DisplayName("a page sent to direct:ingest lands in the store")
    void ingestRoute() {
        producer.sendBodyAndHeaders("direct:ingest", List.of(Map.of("Id", "001ROUTE", "Name", "Route Partner",
                        "PartnerSync_Key__c", "route", "SystemModstamp", "2026-11-20T08:00:00.000+0000")),
                Map.of("PartnerSyncConnector", "vendor-sf", "PartnerSyncEntity", "PARTNER"));

        assertThat(jdbc.queryForObject("select name from partner where key = 'route'", String.class)).isEqualTo("Route Partner");
    }

    @Test
    @DisplayName("a message no route can process is kept as a sync failure by the shared error policy")
    void sharedErrorPolicy() {
        producer.sendBodyAndHeaders("direct:ingest", List.of(hubspotDeal("hs-route-1", "Deal", "1", "2026-11-20T08:00:00Z")),
                Map.of("PartnerSyncConnector", "no-such-connector", "PartnerSyncEntity", "DEAL", "PartnerSyncExternalId", "page-7"));

        Map<String, Object> failure = jdbc.queryForMap(
                "select category, reason, payload from sync_failure where connector = 'no-such-connector' and external_id = 'page-7'");
        assertThat(failure.get("category")).isEqualTo("VALIDATION");
        assertThat((String) failure.get("reason")).contains("partnersync-ingest").contains("no connector named 'no-such-connector'");
        assertThat((String) failure.get("payload")).as("kept as JSON, replayable").startsWith("[{").contains("\"id\":\"hs-route-1\"");
        long id = jdbc.queryForObject("select id from sync_failure where connector = 'no-such-connector'", Long.class);
        assertThatThrownBy(() -> replay.replay(id)).hasMessageContaining("no connector named 'no-such-connector'");
    }

    @Test
    @DisplayName("a page kept by a route is replayed record by record once its cause is gone")
    void pageReplay() {
        producer.sendBodyAndHeaders("direct:ingest", List.of(Map.of("Id", "001PAGE", "Name", "Page Partner",
                        "PartnerSync_Key__c", "page", "SystemModstamp", "2026-11-20T08:00:00.000+0000")),
                Map.of("PartnerSyncConnector", "vendor-sf", "PartnerSyncEntity", "PARTNER", "PartnerSyncCheckpoint", "not a checkpoint",
                        "PartnerSyncExternalId", "page-8"));
        long id = jdbc.queryForObject("select id from sync_failure where external_id = 'page-8' and resolved_at is null", Long.class);
        assertThat(jdbc.queryForObject("select count(*) from partner where key = 'page'", Integer.class)).as("the page was rolled back").isZero();

        assertThat(replay.replay(id).outcome()).isEqualTo(io.partnersync.store.IngestResult.Outcome.REPLAYED);

        assertThat(jdbc.queryForObject("select name from partner where key = 'page'", String.class)).isEqualTo("Page Partner");
        assertThat(jdbc.queryForObject("select resolution from sync_failure where id = ?", String.class, id)).isEqualTo("replayed");
    }
}
