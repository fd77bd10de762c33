package io.partnersync.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.partnersync.support.Records.salesforceOpportunity;
import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.partnersync.canonical.EntityType;
import io.partnersync.sync.IncrementalReads;
import io.partnersync.support.Callers;
import io.partnersync.support.IntegrationTest;
import io.partnersync.support.StoreTest;
import io.partnersync.sync.IngestService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Each role can do exactly its part of the API; an anonymous caller sees the health status and
 * nothing else; the audit trail names who acted; no answer, metric or log line carries a secret.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
@DisplayName("The ops and admin API, secured")
class SecurityIT extends StoreTest {

    static final String CANARY = "pat-canary-7f3a9c0e51d24b6b";
    static final WireMockServer PORTAL = new WireMockServer(options().dynamicPort());
    static final String SF_CANARY = "sf-secret-canary-2b9d41c7e0";
    static final io.partnersync.support.SalesforceFake ORG = new io.partnersync.support.SalesforceFake().start();

    static {
        PORTAL.start();
    }

    @LocalServerPort int port;
    @Autowired IngestService ingest;
    @Autowired IncrementalReads hubspot;
    @Autowired JdbcTemplate jdbc;
    @Autowired ObjectMapper json;

    @DynamicPropertySource
    static void canaryPortal(DynamicPropertyRegistry registry) {
        io.partnersync.support.Connectors.salesforceVendor(registry, 0, ORG::url, "partner,deal", "SECURITY_SF");
        registry.add("SECURITY_SF_CLIENT_SECRET", () -> SF_CANARY);
        io.partnersync.support.Connectors.hubspotPartner(registry, 1, "acme", PORTAL::baseUrl, "deal");
        registry.add("partnersync.connectors[1].secret-env.token", () -> "CANARY_HUBSPOT_TOKEN");
        registry.add("CANARY_HUBSPOT_TOKEN", () -> CANARY);
    }

    static Stream<Arguments> permissions() {
        return Stream.of(
                // caller, method, path, expected status
                Arguments.of("anonymous", "GET", "/api/failures", 401),
                Arguments.of("anonymous", "POST", "/api/failures/987654/replay", 401),
                Arguments.of("anonymous", "GET", "/actuator/prometheus", 401),
                Arguments.of("anonymous", "GET", "/actuator/health/connectors", 401),
                Arguments.of("anonymous", "GET", "/actuator/health", 200),
                Arguments.of("anonymous", "GET", "/actuator/health/liveness", 200),
                Arguments.of("anonymous", "GET", "/actuator/health/readiness", 200),
                // every endpoint that changes or reveals data refuses an anonymous caller
                Arguments.of("anonymous", "GET", "/api/failures/groups", 401),
                Arguments.of("anonymous", "GET", "/api/failures/export.csv", 401),
                Arguments.of("anonymous", "POST", "/api/failures/987654/resolve", 401),
                Arguments.of("anonymous", "POST", "/api/failures/replay?connector=vendor-sf", 401),
                Arguments.of("anonymous", "GET", "/api/audit", 401),
                Arguments.of("anonymous", "GET", "/api/leads/01a23200-0000-7000-8000-000000000000", 401),
                Arguments.of("anonymous", "POST", "/api/leads/deadline-run", 401),
                Arguments.of("anonymous", "POST", "/api/connectors/vendor-sf/pause", 401),
                Arguments.of("anonymous", "POST", "/api/connectors/vendor-sf/resume", 401),
                Arguments.of("anonymous", "GET", "/api/registrations/01a23200-0000-7000-8000-000000000000", 401),
                Arguments.of("anonymous", "POST", "/api/registrations/expiry-run", 401),
                Arguments.of("viewer", "GET", "/api/failures", 200),
                Arguments.of("viewer", "GET", "/api/audit", 200),
                Arguments.of("viewer", "GET", "/api/leads/01a23200-0000-7000-8000-000000000000", 404),
                Arguments.of("viewer", "POST", "/api/connectors/vendor-sf/pause", 403),
                Arguments.of("viewer", "POST", "/api/failures/replay?connector=vendor-sf", 403),
                Arguments.of("viewer", "POST", "/api/leads/deadline-run", 403),
                Arguments.of("ops", "POST", "/api/failures/replay?connector=vendor-sf", 200),
                Arguments.of("viewer", "GET", "/api/connectors", 200),
                Arguments.of("viewer", "GET", "/v3/api-docs", 200),
                Arguments.of("anonymous", "GET", "/v3/api-docs", 401),
                Arguments.of("anonymous", "GET", "/api/connectors", 401),
                Arguments.of("viewer", "GET", "/actuator/prometheus", 200),
                Arguments.of("viewer", "POST", "/api/failures/987654/replay", 403),
                Arguments.of("viewer", "POST", "/api/connectors/vendor-sf/resume", 403),
                Arguments.of("ops", "POST", "/api/failures/987654/replay", 404),
                Arguments.of("ops", "POST", "/api/connectors/no-such-connector/resume", 404),
                Arguments.of("ops", "POST", "/api/leads/deadline-run", 200),
                Arguments.of("ops", "POST", "/api/registrations/01a23200-0000-7000-8000-000000000000/extension", 403),
                Arguments.of("ops token", "POST", "/api/failures/987654/replay", 404),
                Arguments.of("unknown token", "GET", "/api/failures", 401),
                Arguments.of("wrong password", "GET", "/api/failures", 401),
                Arguments.of("admin", "POST", "/api/registrations/01a23200-0000-7000-8000-000000000000/extension", 404),
                Arguments.of("viewer", "POST", "/api/connectors/vendor-sf/sync", 403),
                Arguments.of("ops", "POST", "/api/connectors/vendor-sf/sync", 202),
                Arguments.of("viewer", "POST", "/api/connectors/vendor-sf/resync?entity=deal&id=006X", 403),
                Arguments.of("viewer", "POST", "/api/connectors/vendor-sf/test", 403),
                Arguments.of("anonymous", "POST", "/api/connectors/vendor-sf/test", 401),
                Arguments.of("ops", "POST", "/api/config/validate", 403),
                Arguments.of("anonymous", "POST", "/api/config/validate", 401),
                Arguments.of("admin", "POST", "/api/config/validate", 200),
                // the sync health page: sign in first; its script and style are public
                Arguments.of("anonymous", "GET", "/", 302),
                Arguments.of("anonymous", "GET", "/ui/failures", 302),
                Arguments.of("anonymous", "POST", "/ui/failures/987654/replay", 403),
                Arguments.of("anonymous", "GET", "/webjars/htmx.org/dist/htmx.min.js", 200),
                Arguments.of("anonymous", "GET", "/css/health.css", 200),
                // the payout ledger and its reconciliation
                Arguments.of("anonymous", "GET", "/api/payouts", 401),
                Arguments.of("anonymous", "GET", "/api/payouts/reconciliation?period=2026-Q4", 401),
                Arguments.of("viewer", "GET", "/api/payouts", 200),
                Arguments.of("viewer", "GET", "/api/payouts/reconciliation?period=not-a-period", 400),
                // what the rules did (the page's channel activity)
                Arguments.of("anonymous", "GET", "/api/channel", 401),
                Arguments.of("viewer", "GET", "/api/channel", 200),
                Arguments.of("anonymous", "GET", "/ui/channel", 302));
    }

    @ParameterizedTest(name = "{0} {1} {2}: {3}")
    @MethodSource("permissions")
    @DisplayName("each role can do exactly its part")
    void roles(String caller, String method, String path, int expected) throws Exception {
        HttpResponse<String> response = call(caller, method, path);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        if (expected == 401) {
            assertThat(response.headers().firstValue("WWW-Authenticate")).as("no Basic challenge a browser would keep").isEmpty();
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
    }

    @Test
    @DisplayName("an anonymous caller sees the health status only; a viewer sees the components")
    void healthDetails() throws Exception {
        String anonymous = call("anonymous", "GET", "/actuator/health").body();
        String viewer = call("viewer", "GET", "/actuator/health").body();

        assertThat(json.readTree(anonymous).fieldNames()).toIterable().as("the status and the probe groups' names, nothing of the connectors")
                .containsExactlyInAnyOrder("status", "groups");
        assertThat(anonymous).doesNotContain("acme").doesNotContain("vendor-sf").doesNotContain("components");
        assertThat(json.readTree(viewer).path("components").has("connectors")).isTrue();
    }

    @Test
    @DisplayName("the connector list shows each connector's configuration and where its reads stand, its secrets only by variable name")
    void connectorList() throws Exception {
        com.fasterxml.jackson.databind.JsonNode connectors = json.readTree(call("viewer", "GET", "/api/connectors").body());

        assertThat(connectors).hasSize(2);
        assertThat(connectors.get(1).path("name").asText()).isEqualTo("acme-hubspot");
        assertThat(connectors.get(1).path("secretVariables").path("token").asText()).isEqualTo("CANARY_HUBSPOT_TOKEN");
        assertThat(connectors.toString()).doesNotContain(CANARY);
        assertThat(call("viewer", "GET", "/api/connectors/no-such-connector").statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("the API is described in OpenAPI, every endpoint of it")
    void openApi() throws Exception {
        com.fasterxml.jackson.databind.JsonNode api = json.readTree(call("viewer", "GET", "/v3/api-docs").body());

        assertThat(api.path("paths").fieldNames()).toIterable().contains("/api/connectors", "/api/connectors/{name}/pause",
                "/api/failures", "/api/failures/{id}/replay", "/api/leads/{leadId}", "/api/registrations/{dealId}/extension");
    }

    @Test
    @DisplayName("the audit trail names the user who replayed a failure")
    void auditActor() throws Exception {
        ingest.ingest("vendor-sf", EntityType.DEAL, List.of(salesforceOpportunity("006SEC", "001SECLATE", "Late partner's deal", 1000,
                "2026-11-20T08:00:00.000+0000")), null);
        long failure = jdbc.queryForObject("select id from sync_failure where external_id = '006SEC'", Long.class);
        ingest.ingest("vendor-sf", EntityType.PARTNER, List.of(salesforcePartner("001SECLATE", "seclate", "Late", "Gold",
                "2026-11-20T08:00:00.000+0000")), null);

        HttpResponse<String> replayed = call("ops", "POST", "/api/failures/" + failure + "/replay");

        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select actor from audit_event where action = 'failure-replayed' order by id desc limit 1", String.class))
                .isEqualTo("ops");
    }

    @Test
    @DisplayName("a connector's token never appears in an answer, a metric or a log line, also when its CRM refuses it")
    void secretsStaySecret(CapturedOutput output, @Autowired io.partnersync.sync.IncrementalReads salesforce) throws Exception {
        // the HTTP and Salesforce libraries at DEBUG, as an admin chasing a problem would set them
        var logging = org.springframework.boot.logging.LoggingSystem.get(getClass().getClassLoader());
        List<String> chatty = List.of("org.eclipse.jetty.client", "org.apache.camel.component.salesforce", "io.partnersync", "jdk.internal.httpclient");
        chatty.forEach(name -> logging.setLogLevel(name, org.springframework.boot.logging.LogLevel.DEBUG));
        ORG.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(
                "/services/data/v62.0/queryAll/")).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]")));
        try {
            salesforce.read("vendor-sf", EntityType.PARTNER);
        } catch (RuntimeException expected) {
            // the org refused the session: what matters is what was said about it
        } finally {
            chatty.forEach(name -> logging.setLogLevel(name, null));
        }
        assertThat(ORG.server().getAllServeEvents()).as("the Salesforce login happened").isNotEmpty();
        assertThat(output.getAll()).doesNotContain(SF_CANARY).doesNotContain(io.partnersync.support.SalesforceFake.ACCESS_TOKEN);
        PORTAL.stubFor(post(urlPathMatching("/crm/v3/objects/.*")).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"error\",\"message\":\"Authentication credentials not found.\",\"category\":\"INVALID_AUTHENTICATION\"}")));
        try {
            hubspot.read("acme-hubspot", EntityType.DEAL);
        } catch (RuntimeException expected) {
            // the portal refused: what matters is what was said about it
        }

        for (String path : List.of("/actuator/health", "/actuator/health/connectors", "/api/failures", "/api/connectors", "/actuator/prometheus",
                "/actuator/info")) {
            assertThat(call("admin", "GET", path).body()).as(path).doesNotContain(CANARY);
        }
        assertThat(PORTAL.getAllServeEvents()).as("the token was sent to the portal, and only there").isNotEmpty();
        assertThat(output.getAll()).doesNotContain(CANARY);
    }

    private HttpResponse<String> call(String caller, String method, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        String authorization = switch (caller) {
            case "viewer" -> Callers.VIEWER;
            case "ops" -> Callers.OPS;
            case "admin" -> Callers.ADMIN;
            case "ops token" -> Callers.OPS_TOKEN;
            case "unknown token" -> "Bearer not-a-token";
            case "wrong password" -> "Basic " + java.util.Base64.getEncoder().encodeToString("admin:guess".getBytes());
            default -> null;
        };
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
