package io.partnersync.ops;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.partnersync.sync.DuePolls;
import io.partnersync.sync.IncrementalReads;
import io.partnersync.support.Callers;
import io.partnersync.support.HubSpotPortal;
import io.partnersync.support.Instances;
import io.partnersync.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** An operator's pause holds across a restart: no polls until resumed; pause and resume are audited with who did them. */
@DisplayName("A paused connector")
class ConnectorPauseIT {

    @RegisterExtension
    final Instances instances = new Instances();

    @Test
    @DisplayName("stays paused after a restart (no calls to its CRM) until an operator resumes it")
    void pauseSurvivesRestart() throws Exception {
        HubSpotPortal portal = new HubSpotPortal();
        WireMockServer acme = new WireMockServer(options().dynamicPort().extensions(portal));
        acme.start();
        try {
            HubSpotPortal.serve(acme);
            String database = TestDatabase.newDatabase();
            ConfigurableApplicationContext first = start(database, acme.baseUrl());
            assertThat(call(first, "POST", "/api/connectors/acme-hubspot/pause?reason=portal%20migration").statusCode()).isEqualTo(200);
            instances.stop(first);

            ConfigurableApplicationContext second = start(database, acme.baseUrl());
            var shown = new ObjectMapper().readTree(call(second, "GET", "/api/connectors/acme-hubspot").body());
            assertThat(shown.path("paused").path("by").asText()).isEqualTo("ops");
            assertThat(shown.path("paused").path("reason").asText()).isEqualTo("portal migration");
            second.getBean(DuePolls.class).pollSoon("acme-hubspot");
            second.getBean(io.partnersync.sync.DuePolls.class).pollDue();
            Thread.sleep(1500);
            assertThat(acme.getAllServeEvents()).as("no call to a paused connector's CRM").isEmpty();

            assertThat(call(second, "POST", "/api/connectors/acme-hubspot/resume").statusCode()).isEqualTo(200);
            second.getBean(DuePolls.class).pollSoon("acme-hubspot");
            second.getBean(io.partnersync.sync.DuePolls.class).pollDue();
            await().atMost(Duration.ofSeconds(20)).until(() -> !acme.getAllServeEvents().isEmpty());
            JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForList("select actor || ' ' || action from audit_event where action like 'connector-%' order by id", String.class))
                    .containsExactly("ops connector-paused", "ops connector-resumed");
        } finally {
            acme.stop();
        }
    }

    private static HttpResponse<String> call(ConfigurableApplicationContext instance, String method, String path) throws Exception {
        int port = ((WebServerApplicationContext) instance).getWebServer().getPort();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", Callers.OPS).method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private ConfigurableApplicationContext start(String database, String portalUrl) {
        Map<String, Object> settings = Instances.on(database);
        Instances.hubspotPartner(settings, 0, "acme", portalUrl, "deal");
        return instances.start(settings);
    }
}
