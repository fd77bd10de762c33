package io.partnersync.connection;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.partnersync.support.Callers;
import io.partnersync.support.HubSpotPortal;
import io.partnersync.support.Instances;
import io.partnersync.support.Records;
import io.partnersync.support.SalesforceFake;
import io.partnersync.support.SalesforceOrg;
import io.partnersync.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A partner's connection created, paused, changed and removed through the admin API while two
 * instances run on one database, with no restart: the real service against a Salesforce org fake
 * and a stateful HubSpot portal.
 */
@DisplayName("A connection kept in the store")
class ConnectionsIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final DateTimeFormatter MODSTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);
    static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="; // 32 bytes, base64: the test's encryption key

    @RegisterExtension
    final Instances instances = new Instances();

    @Test
    @DisplayName("created through the API syncs at once on every instance; paused it calls nothing; changed it uses the new token; removed it stops and its records stay")
    void lifecycle() throws Exception {
        SalesforceOrg org = new SalesforceOrg();
        SalesforceFake salesforce = new SalesforceFake(org).start();
        HubSpotPortal portal = new HubSpotPortal();
        WireMockServer acme = new WireMockServer(options().dynamicPort().extensions(portal));
        acme.start();
        try {
            org.serve(salesforce.server());
            HubSpotPortal.serve(acme);
            org.seed("Account", salesforcePartner("001A00000000ACME", "acme", "Acme", "Gold", MODSTAMP.format(Instant.now())));
            String database = TestDatabase.newDatabase();
            ConfigurableApplicationContext one = start(database, salesforce.url());
            ConfigurableApplicationContext two = start(database, salesforce.url());
            JdbcTemplate jdbc = one.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("select count(*) from partner", Integer.class) == 1);
            portal.seed("deals", List.of(Records.portalDeal("91000000001", "Before connecting", "1000", Instant.now())));

            String body = """
                    {"name": "acme-hubspot", "type": "hubspot", "partner": "acme", "entities": ["deal"], "base-url": "%s",
                     "local-sandbox": true, "poll-interval": "PT1S", "secrets": {"token": "pat-first"}}""".formatted(acme.baseUrl());
            HttpResponse<String> created = call(one, "POST", "/api/connections", body, Callers.ADMIN);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode shown = JSON.readTree(created.body());
            assertThat(shown.path("secrets").toString()).isEqualTo("[\"token\"]");
            assertThat(created.body()).doesNotContain("pat-first");
            assertThat(jdbc.queryForObject("select credentials from connection where name = 'acme-hubspot'", String.class))
                    .as("the token is encrypted at rest").doesNotContain("pat-first").isNotBlank();

            // the deal the partner had reaches Salesforce, with no restart
            await().atMost(Duration.ofSeconds(40)).until(() -> org.all("Opportunity").size() == 1);
            assertThat(bearers(acme)).contains("Bearer pat-first");
            // the other instance has it too
            await().atMost(Duration.ofSeconds(15)).until(() -> call(two, "GET", "/api/connectors/acme-hubspot", null, Callers.VIEWER).statusCode() == 200);

            // paused: no calls to the portal
            assertThat(call(two, "POST", "/api/connectors/acme-hubspot/pause", null, Callers.OPS).statusCode()).isEqualTo(200);
            quiet(acme);
            assertThat(call(two, "POST", "/api/connectors/acme-hubspot/resume", null, Callers.OPS).statusCode()).isEqualTo(200);

            // changed: a new token, used at the next call; the old one no more
            HttpResponse<String> changed = call(two, "PUT", "/api/connections/acme-hubspot", """
                    {"type": "hubspot", "partner": "acme", "entities": ["deal"], "base-url": "%s", "local-sandbox": true,
                     "poll-interval": "PT1S", "secrets": {"token": "pat-second"}}""".formatted(acme.baseUrl()), Callers.ADMIN);
            assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(15)).until(() -> bearers(acme).contains("Bearer pat-second"));
            acme.resetRequests();
            portal.seed("deals", List.of(Records.portalDeal("91000000002", "After the change", "2000", Instant.now())));
            await().atMost(Duration.ofSeconds(40)).until(() -> org.all("Opportunity").size() == 2);
            assertThat(bearers(acme)).containsOnly("Bearer pat-second");

            // removed: no more calls on either instance; its records stay in the store and in the CRMs
            HttpResponse<String> removed = call(one, "DELETE", "/api/connections/acme-hubspot", null, Callers.ADMIN);
            assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
            assertThat(JSON.readTree(removed.body()).path("state").asText()).isEqualTo("removed");
            await().atMost(Duration.ofSeconds(15)).until(() -> call(two, "GET", "/api/connectors/acme-hubspot", null, Callers.VIEWER).statusCode() == 404);
            quiet(acme);
            assertThat(jdbc.queryForObject("select count(*) from deal", Integer.class)).isEqualTo(2);
            assertThat(portal.objects("deals")).hasSize(2);
            assertThat(jdbc.queryForList("select action from audit_event where action like 'connection-%' order by id", String.class))
                    .containsExactly("connection-created", "connection-changed", "connection-removed");
            assertThat(jdbc.queryForList("select reason from audit_event order by id", String.class)).noneMatch(r -> r != null && r.contains("pat-"));
        } finally {
            acme.stop();
            salesforce.server().stop();
        }
    }

    @Test
    @DisplayName("a wrong definition is refused naming the key; a vendor, a taken name or a viewer is refused; nothing is stored")
    void refusals() throws Exception {
        String database = TestDatabase.newDatabase();
        ConfigurableApplicationContext one = start(database, "http://127.0.0.1:9");
        HttpResponse<String> wrong = call(one, "POST", "/api/connections", """
                {"name": "acme-hubspot", "type": "hubspot", "partner": "acme", "entities": ["deal"], "poll-intervall": "PT1M",
                 "hubspot": {"auth": "password"}}""", Callers.ADMIN);
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("connection acme-hubspot").contains("poll-intervall").contains("hubspot.auth");

        HttpResponse<String> vendor = call(one, "POST", "/api/connections", """
                {"name": "other-sf", "type": "salesforce", "role": "vendor", "entities": ["deal"]}""", Callers.ADMIN);
        assertThat(vendor.statusCode()).isEqualTo(400);
        assertThat(vendor.body()).contains("role").contains("partner");

        HttpResponse<String> plainHttp = call(one, "POST", "/api/connections", """
                {"name": "acme-hubspot", "type": "hubspot", "partner": "acme", "entities": ["deal"], "base-url": "http://10.0.0.8"}""", Callers.ADMIN);
        assertThat(plainHttp.statusCode()).isEqualTo(400);
        assertThat(plainHttp.body()).contains("base-url").contains("https");

        HttpResponse<String> taken = call(one, "POST", "/api/connections", """
                {"name": "vendor-sf", "type": "hubspot", "partner": "acme", "entities": ["deal"]}""", Callers.ADMIN);
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(taken.body()).contains("configuration file");

        HttpResponse<String> viewer = call(one, "POST", "/api/connections", """
                {"name": "acme-hubspot", "type": "hubspot", "partner": "acme", "entities": ["deal"]}""", Callers.VIEWER);
        assertThat(viewer.statusCode()).isEqualTo(403);

        assertThat(one.getBean(JdbcTemplate.class).queryForObject("select count(*) from connection", Integer.class)).isZero();
        HttpResponse<String> ok = call(one, "POST", "/api/connections", """
                {"name": "acme-hubspot", "type": "hubspot", "partner": "acme", "entities": ["deal"]}""", Callers.ADMIN);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        HttpResponse<String> again = call(one, "POST", "/api/connections", """
                {"name": "acme-hubspot", "type": "hubspot", "partner": "acme", "entities": ["deal"]}""", Callers.ADMIN);
        assertThat(again.statusCode()).isEqualTo(409);
    }

    /** Waits out a call already under way, then holds that nothing reaches the portal for 4 s. */
    private static void quiet(WireMockServer portal) {
        portal.resetRequests();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            boolean none = portal.getAllServeEvents().isEmpty();
            portal.resetRequests();
            return none;
        });
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> portal.getAllServeEvents().isEmpty());
    }

    private static List<String> bearers(WireMockServer portal) {
        return portal.findAll(postRequestedFor(urlPathMatching("/crm/v3/objects/.*"))).stream()
                .map(LoggedRequest::getHeaders).map(h -> h.getHeader("Authorization").firstValue()).distinct().toList();
    }

    private static HttpResponse<String> call(ConfigurableApplicationContext instance, String method, String path, String body, String caller) {
        int port = ((WebServerApplicationContext) instance).getWebServer().getPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", caller)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ConfigurableApplicationContext start(String database, Object salesforceUrl) {
        Map<String, Object> settings = Instances.on(database);
        Instances.working(settings);
        settings.put("partnersync.governance.registration.enabled", "false");
        settings.put("PARTNERSYNC_SECRET_KEY", KEY);
        Instances.salesforceVendor(settings, salesforceUrl.toString(), "partner,deal");
        settings.put("partnersync.connectors[0].poll-interval", "PT1S");
        return instances.start(settings);
    }

}
