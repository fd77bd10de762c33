package io.partnersync.alerts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.partnersync.support.Records.salesforceOpportunity;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.partnersync.canonical.EntityType;
import io.partnersync.connector.salesforce.SalesforceLimits;
import io.partnersync.sync.ConnectorFailures;
import io.partnersync.support.Callers;
import io.partnersync.support.IntegrationTest;
import io.partnersync.support.StoreTest;
import io.partnersync.sync.IngestService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The alert webhook: a chat channel (here a fake Slack incoming webhook) hears once when something starts and once when it clears. */
@IntegrationTest
@DisplayName("Alerts to a chat webhook")
@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
class AlertsIT extends StoreTest {

    static final WireMockServer SLACK = new WireMockServer(options().dynamicPort());

    static {
        SLACK.start();
    }

    @DynamicPropertySource
    static void alertWebhook(DynamicPropertyRegistry registry) {
        registry.add("partnersync.alerts.webhook-url-env", () -> "TEST_ALERT_WEBHOOK_URL");
        registry.add("TEST_ALERT_WEBHOOK_URL", () -> SLACK.baseUrl() + "/services/T000/B000/secret-path");
        registry.add("partnersync.alerts.failures-threshold", () -> "2");
    }

    @AfterAll
    static void stop() {
        SLACK.stop();
    }

    @LocalServerPort int port;
    @Autowired Alerts alerts;
    @Autowired JdbcTemplate jdbc;
    @Autowired IngestService ingest;
    @Autowired SalesforceLimits limits;
    @Autowired ConnectorFailures connectorFailures;
    @Autowired ObjectMapper json;

    @BeforeEach
    void clean() {
        jdbc.update("truncate deal, partner, external_ref, outbox, sync_failure, audit_event, connector_pause, alert_raised");
        limits.resume("vendor-sf");
        SLACK.resetAll();
        SLACK.stubFor(post(urlEqualTo("/services/T000/B000/secret-path")).willReturn(aResponse().withStatus(200).withBody("ok")));
    }

    /** A pause lives on in the service's memory beyond the truncated table: each test leaves the connector running. */
    @org.junit.jupiter.api.AfterEach
    void resume() throws Exception {
        call("POST", "/api/connectors/acme-hubspot/resume");
    }

    @Test
    @DisplayName("a pause is told once, with who and why, and its end once")
    void pausedAndResumed() throws Exception {
        call("POST", "/api/connectors/acme-hubspot/pause?reason=maintenance");

        alerts.check();
        alerts.check();
        assertThat(texts()).as("told once").containsExactly(":rotating_light: PartnerSync: connector acme-hubspot is paused by ops: maintenance");

        call("POST", "/api/connectors/acme-hubspot/resume");
        alerts.check();
        alerts.check();
        assertThat(texts()).containsExactly(":rotating_light: PartnerSync: connector acme-hubspot is paused by ops: maintenance",
                ":white_check_mark: PartnerSync: resolved: connector acme-hubspot is paused by ops: maintenance");
    }

    @Test
    @DisplayName("failures piling up, a quota passing its threshold and a failing connector are each told")
    void failuresQuotaAndFailing() {
        ingest.ingest("vendor-sf", EntityType.DEAL, List.of(
                salesforceOpportunity("006A1", "001NOPE1", "One", 1000, "2026-11-20T08:00:00.000+0000"),
                salesforceOpportunity("006A2", "001NOPE2", "Two", 1000, "2026-11-20T08:00:00.000+0000")), null);
        limits.record("vendor-sf", "api-usage=900/1000");
        connectorFailures.failed("globex-hubspot", EntityType.DEAL, ConnectorFailures.Activity.POLL,
                new io.partnersync.sync.spi.CategorizedException(io.partnersync.sync.spi.FailureCategory.AUTH, "HubSpot portal globex-hubspot answered 401", null));

        alerts.check();

        assertThat(texts()).as("each once, whoever sent it (the scheduled check may overlap this one)").containsExactlyInAnyOrder(
                ":rotating_light: PartnerSync: connector vendor-sf has used 900 of its 1000 API calls per 24 hours (90%)",
                ":rotating_light: PartnerSync: connector vendor-sf has 2 open sync failures (see the sync health page)",
                ":rotating_light: PartnerSync: connector globex-hubspot is failing: poll of deal failed: HubSpot portal globex-hubspot answered 401 (auth)",
                ":rotating_light: PartnerSync: the vendor CRM vendor-sf used 900 of its 1000 daily API calls: partners' changes wait so that"
                        + " the 10% reserve stays for the vendor's own tools");
    }

    @Test
    @DisplayName("a message the webhook refuses is sent again at the next check, and the URL never reaches the log")
    void refusedMessageIsSentAgain(org.springframework.boot.test.system.CapturedOutput output) throws Exception {
        SLACK.stubFor(post(urlEqualTo("/services/T000/B000/secret-path")).inScenario("refused once").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("accepting"));
        SLACK.stubFor(post(urlEqualTo("/services/T000/B000/secret-path")).inScenario("refused once").whenScenarioStateIs("accepting")
                .willReturn(aResponse().withStatus(200)));
        call("POST", "/api/connectors/acme-hubspot/pause");

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
            alerts.check();
            return texts().size() >= 2;
        });
        alerts.check();

        assertThat(texts()).as("refused, then sent again, then never more").containsExactly(
                ":rotating_light: PartnerSync: connector acme-hubspot is paused by ops", ":rotating_light: PartnerSync: connector acme-hubspot is paused by ops");
        assertThat(output).contains("The alert webhook (from TEST_ALERT_WEBHOOK_URL) answered 500").doesNotContain("secret-path");
    }

    @Test
    @DisplayName("checks that overlap (the scheduled one, a direct call, other instances) send each alert once: it is claimed in the store before it is sent")
    void overlappingChecksSendOnce() throws Exception {
        SLACK.stubFor(post(urlEqualTo("/services/T000/B000/secret-path")).willReturn(aResponse().withStatus(200).withFixedDelay(300)));
        call("POST", "/api/connectors/acme-hubspot/pause?reason=overlap");

        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            var checks = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (int i = 0; i < 6; i++) {
                checks.add(pool.submit(() -> {
                    start.await();
                    return alerts.check();
                }));
            }
            start.countDown();
            for (var check : checks) {
                check.get();
            }
        } finally {
            pool.shutdown();
        }

        assertThat(texts()).containsExactly(":rotating_light: PartnerSync: connector acme-hubspot is paused by ops: overlap");
    }

    private List<String> texts() {
        return SLACK.findAll(postRequestedFor(urlEqualTo("/services/T000/B000/secret-path"))).stream().map(r -> {
            try {
                assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
                return json.readTree(r.getBodyAsString()).path("text").asText();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
    }

    private void call(String method, String path) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", Callers.OPS).method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }
}
