package io.partnersync.connection;

import static io.partnersync.support.Records.salesforceLead;
import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.sandbox.simulator.HubSpotSimulator;
import io.partnersync.sandbox.simulator.SalesforceSimulator;
import io.partnersync.support.Callers;
import io.partnersync.support.Instances;
import io.partnersync.support.Simulators;
import io.partnersync.support.TestDatabase;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.util.HtmlUtils;

/**
 * A partner connects its own HubSpot portal from an invitation, as its admin would in a browser:
 * the real service (web server, security, store, routes) against the sandbox's simulated Salesforce
 * org and a simulated portal that plays HubSpot's app install (OAuth authorization code). After
 * going live the connection syncs a registration, a payout and a lead with no restart; a replayed,
 * expired or foreign invitation is refused.
 */
@DisplayName("A partner connects its CRM from an invitation")
class ConnectIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final DateTimeFormatter MODSTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);
    static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @RegisterExtension
    final Instances instances = new Instances();

    final SalesforceSimulator vendor = Simulators.salesforce();
    final HubSpotSimulator portal = Simulators.portal("acme", 95_000_000_000L);
    final SalesforceSimulator partnerOrg = Simulators.salesforce();
    final io.partnersync.sandbox.simulator.DataverseSimulator environment = io.partnersync.sandbox.simulator.PartnerSetUps.dynamics(
            new io.partnersync.sandbox.simulator.DataverseSimulator(0, Duration.ZERO, Duration.ofSeconds(31)));
    int port;
    JdbcTemplate jdbc;

    @AfterEach
    void close() {
        vendor.close();
        portal.close();
        partnerOrg.close();
        environment.close();
    }

    @Test
    @DisplayName("invited, consented in HubSpot, checked, tested and live: a registration, a payout and a lead sync with no restart;"
            + " paused, changed and removed; the used link, a replayed consent, an expired and a foreign invitation are refused")
    void invitation() throws Exception {
        portal.oauth().require("hubspot-app-id", "hubspot-app-secret");
        start();
        seedPartner("001A00000000ACME", "acme", "Acme", "DE");
        seedPartner("001G0000000GLOBX", "globex", "Globex", "FR");
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("select count(*) from partner", Integer.class) == 2);
        portal.create("deals", Map.of("dealname", "Already in the portal", "amount", "1200"));

        // ops invite Acme; a viewer may not, an unknown partner is refused
        assertThat(api("POST", "/api/invitations", "{\"partner\": \"acme\", \"kind\": \"hubspot\"}", Callers.VIEWER).statusCode()).isEqualTo(403);
        HttpResponse<String> unknown = api("POST", "/api/invitations", "{\"partner\": \"nobody\", \"kind\": \"hubspot\"}", Callers.OPS);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("partner").contains("nobody");
        HttpResponse<String> misspelt = api("POST", "/api/invitations",
                "{\"partner\": \"acme\", \"kind\": \"hubspot\", \"settings\": {\"poll-intervall\": \"PT1S\"}}", Callers.OPS);
        assertThat(misspelt.statusCode()).isEqualTo(400);
        assertThat(misspelt.body()).contains("poll-intervall");
        HttpResponse<String> invited = api("POST", "/api/invitations",
                "{\"partner\": \"acme\", \"kind\": \"hubspot\", \"settings\": {\"poll-interval\": \"PT2S\"}}", Callers.OPS);
        assertThat(invited.statusCode()).as(invited.body()).isEqualTo(201);
        JsonNode invitation = JSON.readTree(invited.body());
        assertThat(invitation.path("connection").asText()).isEqualTo("acme-hubspot");
        String link = invitation.path("link").asText();
        assertThat(link).startsWith("http://localhost:" + port + "/connect/");
        assertThat(api("GET", "/api/invitations", null, Callers.VIEWER).body()).doesNotContain(link.substring(link.lastIndexOf('/') + 1));

        // the partner's admin opens the link: what will be read and written
        Browser admin = new Browser();
        HttpResponse<String> page = admin.get(link);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.body()).contains("dealname").contains("partnersync_registration_status").contains("partnersync_payouts").contains("Connect");

        // consents in HubSpot, comes back: the connection exists, paused until live
        String callback = admin.consent(link, page.body());
        page = admin.get(admin.follow(admin.get(callback)));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("hubspot:" + portal.oauth().hubId()).contains("What your CRM needs");
        assertThat(api("GET", "/api/connectors/acme-hubspot", null, Callers.VIEWER).body()).contains("waiting for the partner");
        // the same answer again (a replay, or a back button) is refused
        assertThat(admin.get(callback).statusCode()).isEqualTo(410);

        // the test read: one record as PartnerSync would take it in; nothing written anywhere
        HttpResponse<String> tested = admin.post(link + "/test", page.body());
        assertThat(tested.statusCode()).isEqualTo(200);
        assertThat(HtmlUtils.htmlUnescape(tested.body())).contains("read and mapped").contains("Already in the portal");
        assertThat(vendor.all("Opportunity")).as("nothing synced before going live").isEmpty();

        // live: the link is used up
        HttpResponse<String> live = admin.post(link + "/live", tested.body());
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).contains("is live");
        assertThat(admin.get(link).statusCode()).isEqualTo(410);

        // a registration: decided, the decision back in the portal and in Salesforce
        String registered = portal.create("deals", Simulators.registeredDeal("Contoso firewall refresh", "60000", "Contoso GmbH",
                "contoso.com", "Firewall", LocalDate.now(ZoneOffset.UTC).plusMonths(4)));
        assertThat(api("POST", "/api/connectors/acme-hubspot/sync", null, Callers.OPS).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(40)).until(() -> "approved".equals(portal.all("deals").get(registered).get("partnersync_registration_status")));
        await().atMost(Duration.ofSeconds(30)).until(() -> Simulators.byField(vendor, "Opportunity", "Name", "Contoso firewall refresh") != null
                && "Approved".equals(Simulators.byField(vendor, "Opportunity", "Name", "Contoso firewall refresh").get("Registration_Status__c")));
        Map<String, Object> atVendor = Simulators.byField(vendor, "Opportunity", "Name", "Contoso firewall refresh");
        assertThat(atVendor).containsEntry("Registration_Status__c", "Approved").containsEntry("PartnerAccountId", "001A00000000ACME");
        String used = portal.lastRequest("search deals").orElseThrow().header("Authorization");
        assertThat(portal.oauth().accessTokens()).as("the connection refreshed its own token from the consent's refresh token")
                .hasSizeGreaterThanOrEqualTo(2).contains(used.substring("Bearer ".length()));

        // a payout: closed won at the vendor, the rebate appears in the portal
        vendor.edit("Opportunity", (String) atVendor.get("Id"), Map.of("StageName", "Closed Won", "SystemModstamp", modstamp(0)));
        await().atMost(Duration.ofSeconds(40)).until(() -> portal.all("partnersync_payouts").size() == 1);
        assertThat(portal.all("partnersync_payouts").values().iterator().next()).containsEntry("partnersync_payout_type", "rebate");

        // a lead: distributed to Acme, it appears in the portal
        Map<String, Object> lead = salesforceLead("00Q000000000001", null, "lee@contoso.de", "Contoso GmbH", modstamp(0));
        lead.put("Partner_Lead_Status__c", "New");
        lead.put("Distribute_To_Partners__c", true);
        lead.put("CountryCode", "DE");
        lead.put("Product_Interest__c", "Firewall");
        vendor.seed("Lead", lead);
        await().atMost(Duration.ofSeconds(40)).until(() -> portal.all("contacts").values().stream().anyMatch(c -> "lee@contoso.de".equals(c.get("email"))));

        // paused: nothing more reaches the portal's API
        assertThat(api("POST", "/api/connectors/acme-hubspot/pause?reason=audit", null, Callers.OPS).statusCode()).isEqualTo(200);
        Thread.sleep(2_000);
        long calls = portal.totalCalls();
        Thread.sleep(4_000);
        assertThat(portal.totalCalls()).isEqualTo(calls);
        assertThat(api("POST", "/api/connectors/acme-hubspot/resume", null, Callers.OPS).statusCode()).isEqualTo(200);

        // changed: a slower poll, the consented secrets kept
        JsonNode stored = JSON.readTree(api("GET", "/api/connections/acme-hubspot", null, Callers.VIEWER).body());
        assertThat(stored.path("secrets").toString()).contains("refresh-token").doesNotContain(portal.oauth().accessTokens().iterator().next());
        ((com.fasterxml.jackson.databind.node.ObjectNode) stored.path("definition")).put("poll-interval", "PT2M");
        HttpResponse<String> changed = api("PUT", "/api/connections/acme-hubspot", stored.path("definition").toString(), Callers.ADMIN);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> api("GET", "/api/connectors/acme-hubspot", null, Callers.VIEWER).body().contains("PT2M"));

        // removed: its work stops, its records stay
        assertThat(api("DELETE", "/api/connections/acme-hubspot", null, Callers.ADMIN).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> api("GET", "/api/connectors/acme-hubspot", null, Callers.VIEWER).statusCode() == 404);
        assertThat(jdbc.queryForObject("select count(*) from deal", Integer.class)).isEqualTo(2);

        // expired
        String expired = JSON.readTree(api("POST", "/api/invitations", "{\"partner\": \"globex\", \"kind\": \"hubspot\"}", Callers.OPS).body())
                .path("link").asText();
        jdbc.update("update invitation set expires_at = now() - interval '1 second' where partner = 'globex'");
        HttpResponse<String> late = new Browser().get(expired);
        assertThat(late.statusCode()).isEqualTo(410);
        assertThat(late.body()).contains("expired");

        // foreign: Globex's link, consented in Acme's portal
        String foreign = JSON.readTree(api("POST", "/api/invitations", "{\"partner\": \"globex\", \"kind\": \"hubspot\", \"connection\": \"globex-crm\"}",
                Callers.OPS).body()).path("link").asText();
        Browser other = new Browser();
        HttpResponse<String> refused = other.get(other.consent(foreign, other.get(foreign).body()));
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("another partner");
        assertThat(api("GET", "/api/connectors/globex-crm", null, Callers.VIEWER).statusCode()).isEqualTo(404);

        assertThat(jdbc.queryForList("select action from audit_event where action like 'invitation-%' order by id", String.class))
                .containsSubsequence("invitation-created", "invitation-opened", "invitation-consent-started", "invitation-consented",
                        "invitation-checked", "invitation-tested", "invitation-live")
                .contains("invitation-refused");
        assertThat(jdbc.queryForList("select coalesce(reason, '') from audit_event", String.class))
                .noneMatch(r -> r.contains("hubspot-app-secret") || portal.oauth().accessTokens().stream().anyMatch(r::contains));
    }

    @Test
    @DisplayName("a partner's own Salesforce org: its admin authorizes the connected app (web server flow), then a registration in the org is decided,"
            + " the decision shown there and in the vendor's org")
    void salesforceOrg() throws Exception {
        start();
        seedPartner("001I0000000INITC", "initech", "Initech", "DE");
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("select count(*) from partner", Integer.class) == 1);
        HttpResponse<String> invited = api("POST", "/api/invitations", "{\"partner\": \"initech\", \"kind\": \"salesforce\", \"entities\": [\"deal\"]}",
                Callers.OPS);
        assertThat(invited.statusCode()).as(invited.body()).isEqualTo(201);
        String link = JSON.readTree(invited.body()).path("link").asText();

        Browser admin = new Browser();
        HttpResponse<String> page = admin.get(link);
        assertThat(page.body()).contains("PartnerSync_Registration_Status__c").contains("Opportunity");
        String callback = admin.consent(link, page.body());
        page = admin.get(admin.follow(admin.get(callback)));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("salesforce:00DRELIAB0000001MAG");
        HttpResponse<String> live = admin.post(link + "/live", page.body());
        assertThat(live.body()).contains("is live");
        assertThat(api("GET", "/api/connections/initech-salesforce", null, Callers.VIEWER).body()).contains("refresh-token")
                .contains("\"auth\":\"refresh-token\"");

        Map<String, Object> opportunity = new java.util.LinkedHashMap<>();
        opportunity.put("Name", "Initech firewall refresh");
        opportunity.put("Amount", 60000);
        opportunity.put("CurrencyIsoCode", "EUR");
        opportunity.put("CloseDate", LocalDate.now(ZoneOffset.UTC).plusMonths(4).toString());
        opportunity.put("StageName", "Qualification");
        opportunity.put("PartnerSync_Customer_Name__c", "Initrode GmbH");
        opportunity.put("PartnerSync_Customer_Domain__c", "initrode.de");
        opportunity.put("PartnerSync_Product__c", "Firewall");
        opportunity.put("PartnerSync_Register__c", true);
        opportunity.put("IsDeleted", false);
        String repDeal = partnerOrg.create("Opportunity", opportunity);
        assertThat(api("POST", "/api/connectors/initech-salesforce/sync", null, Callers.OPS).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> "Approved".equals(
                Simulators.byField(partnerOrg, "Opportunity", "Id", repDeal).get("PartnerSync_Registration_Status__c")));
        await().atMost(Duration.ofSeconds(30)).until(() -> Simulators.byField(vendor, "Opportunity", "Name", "Initech firewall refresh") != null
                && "Approved".equals(Simulators.byField(vendor, "Opportunity", "Name", "Initech firewall refresh").get("Registration_Status__c")));
        assertThat(Simulators.byField(vendor, "Opportunity", "Name", "Initech firewall refresh"))
                .containsEntry("Registration_Status__c", "Approved").containsEntry("PartnerAccountId", "001I0000000INITC");
        assertThat(partnerOrg.lastRequest("login").orElseThrow().body()).as("the connection logs in with the consent's refresh token")
                .contains("grant_type=refresh_token").contains("refresh_token=5Aep861RELIAB");
    }

    @Test
    @DisplayName("a partner's Dynamics 365 environment: its administrator grants the app admin consent (Entra ID), then a registration in Dynamics"
            + " is decided, the decision shown there and in Salesforce")
    void dynamicsEnvironment() throws Exception {
        start();
        seedPartner("001U0000000UMBRL", "umbrella", "Umbrella", "DE");
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("select count(*) from partner", Integer.class) == 1);
        HttpResponse<String> invited = api("POST", "/api/invitations", """
                {"partner": "umbrella", "kind": "dynamics", "entities": ["deal"], "settings": {"poll-interval": "PT2S"}}""", Callers.OPS);
        assertThat(invited.statusCode()).as(invited.body()).isEqualTo(201);
        String link = JSON.readTree(invited.body()).path("link").asText();

        Browser admin = new Browser();
        HttpResponse<String> page = admin.get(link);
        assertThat(page.body()).contains("environment-url").contains("opportunities");
        // the environment's address is required before the consent
        assertThat(admin.post(link + "/authorize", page.body()).statusCode()).isEqualTo(400);
        page = admin.get(link);
        String callback = admin.consent(link, page.body(), Map.of("environment-url", environment.url()));
        assertThat(callback).contains("admin_consent=True");
        page = admin.get(admin.follow(admin.get(callback)));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("dynamics:5f0c1a2b-0000-4000-8000-00000000c0de/127.0.0.1");
        assertThat(admin.post(link + "/live", page.body()).body()).contains("is live");
        JsonNode connection = JSON.readTree(api("GET", "/api/connections/umbrella-dynamics", null, Callers.VIEWER).body());
        assertThat(connection.path("definition").path("dynamics").path("tenant").asText()).isEqualTo("5f0c1a2b-0000-4000-8000-00000000c0de");
        assertThat(connection.path("definition").path("base-url").asText()).isEqualTo(environment.url() + "/");

        Map<String, Object> opportunity = new java.util.LinkedHashMap<>();
        opportunity.put("name", "Umbrella firewall refresh");
        opportunity.put("estimatedvalue", 60000);
        opportunity.put("partnersync_currency", "EUR");
        opportunity.put("estimatedclosedate", LocalDate.now(ZoneOffset.UTC).plusMonths(4).toString());
        opportunity.put("salesstage", 0);
        opportunity.put("partnersync_customername", "Alpine Ski House");
        opportunity.put("partnersync_customerdomain", "https://alpineski.example");
        opportunity.put("partnersync_product", "Firewall");
        opportunity.put("partnersync_register", true);
        String repDeal = environment.create("opportunities", opportunity);
        await().atMost(Duration.ofSeconds(60)).until(() -> environment.all("opportunities").stream()
                .filter(r -> repDeal.equals(String.valueOf(r.get("opportunityid")))).anyMatch(r -> Objects.equals(r.get("partnersync_registrationstatus"), 100000002)));
        // the decision reaches the vendor's org by its own relay: it may come a moment after the partner's copy
        await().atMost(Duration.ofSeconds(30)).until(() -> Simulators.byField(vendor, "Opportunity", "Name", "Umbrella firewall refresh") != null
                && "Approved".equals(Simulators.byField(vendor, "Opportunity", "Name", "Umbrella firewall refresh").get("Registration_Status__c")));
        assertThat(Simulators.byField(vendor, "Opportunity", "Name", "Umbrella firewall refresh"))
                .containsEntry("Registration_Status__c", "Approved").containsEntry("PartnerAccountId", "001U0000000UMBRL");
    }

    private void seedPartner(String id, String key, String name, String territory) {
        Map<String, Object> account = salesforcePartner(id, key, name, "Gold", modstamp(-60));
        account.put("Partner_Territories__c", territory);
        account.put("Partner_Specializations__c", "Firewall");
        vendor.seed("Account", account);
    }

    private void start() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, Object> settings = Instances.on(TestDatabase.newDatabase());
        settings.put("server.port", String.valueOf(port));
        Instances.working(settings);
        settings.put("PARTNERSYNC_SECRET_KEY", KEY);
        Instances.salesforceVendor(settings, vendor.url(), "partner,deal,lead,payout");
        settings.put("partnersync.connectors[0].poll-interval", "PT1S");
        settings.put("partnersync.governance.registration.product-lines.network-security", "Firewall,Firewall X200");
        settings.put("partnersync.governance.registration.tiers.gold.auto-approve-below", "100000");
        settings.put("partnersync.payouts.rebate-percent.gold.network-security", "3.5");
        settings.put("partnersync.distribution.max-assignments", "1");
        settings.put("partnersync.connect.public-url", "http://localhost:" + port);
        settings.put("partnersync.connect.apps.hubspot.client-id-env", "TEST_HUBSPOT_APP_ID");
        settings.put("partnersync.connect.apps.hubspot.client-secret-env", "TEST_HUBSPOT_APP_SECRET");
        settings.put("partnersync.connect.apps.hubspot.authorize-url", portal.url() + "/oauth/authorize");
        settings.put("partnersync.connect.apps.hubspot.api-url", portal.url());
        settings.put("partnersync.connect.apps.hubspot.local-sandbox", "true");
        settings.put("partnersync.connect.apps.salesforce.client-id-env", "TEST_SALESFORCE_APP_ID");
        settings.put("partnersync.connect.apps.salesforce.client-secret-env", "TEST_SALESFORCE_APP_SECRET");
        settings.put("partnersync.connect.apps.salesforce.api-url", partnerOrg.url());
        settings.put("partnersync.connect.apps.salesforce.local-sandbox", "true");
        settings.put("TEST_SALESFORCE_APP_ID", "3MVG9-connected-app");
        settings.put("TEST_SALESFORCE_APP_SECRET", "connected-app-secret");
        settings.put("partnersync.connect.apps.dynamics.client-id-env", "TEST_ENTRA_APP_ID");
        settings.put("partnersync.connect.apps.dynamics.client-secret-env", "TEST_ENTRA_APP_SECRET");
        settings.put("partnersync.connect.apps.dynamics.authorize-url", environment.url() + "/organizations/v2.0/adminconsent");
        settings.put("partnersync.connect.apps.dynamics.local-sandbox", "true");
        settings.put("TEST_ENTRA_APP_ID", "11111111-2222-3333-4444-555555555555");
        settings.put("TEST_ENTRA_APP_SECRET", "entra-app-secret");
        settings.put("TEST_HUBSPOT_APP_ID", "hubspot-app-id");
        settings.put("TEST_HUBSPOT_APP_SECRET", "hubspot-app-secret");
        ConfigurableApplicationContext instance = instances.start(settings);
        jdbc = instance.getBean(JdbcTemplate.class);
    }

    private HttpResponse<String> api(String method, String path, String body, String caller) {
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

    private static String modstamp(int secondsFromNow) {
        return MODSTAMP.format(Instant.now().plusSeconds(secondsFromNow));
    }

    /** A browser: keeps its cookies, follows no redirect by itself (so each step can be looked at). */
    static final class Browser {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> get(String url) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        /** Submits a page's form to {@code url} with the page's CSRF token. */
        HttpResponse<String> post(String url, String pageWithForm) throws Exception {
            return post(url, pageWithForm, Map.of());
        }

        /** Submits a page's form to {@code url} with the page's CSRF token and {@code fields}. */
        HttpResponse<String> post(String url, String pageWithForm, Map<String, String> fields) throws Exception {
            Matcher csrf = CSRF.matcher(pageWithForm);
            assertThat(csrf.find()).as("the page's form carries a CSRF token").isTrue();
            StringBuilder form = new StringBuilder("_csrf=" + java.net.URLEncoder.encode(csrf.group(1), java.nio.charset.StandardCharsets.UTF_8));
            fields.forEach((name, value) -> form.append('&').append(name).append('=').append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)));
            return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(), HttpResponse.BodyHandlers.ofString());
        }

        String follow(HttpResponse<String> redirect) {
            assertThat(redirect.statusCode()).as(redirect.body()).isEqualTo(302);
            String location = redirect.headers().firstValue("Location").orElseThrow();
            return redirect.uri().resolve(location).toString();
        }

        /** Presses "Connect", grants access on the CRM's install page; the CRM's answer for PartnerSync (the callback URL). */
        String consent(String link, String page) throws Exception {
            return consent(link, page, Map.of());
        }

        String consent(String link, String page, Map<String, String> inputs) throws Exception {
            String install = follow(post(link + "/authorize", page, inputs));
            HttpResponse<String> installPage = get(install);
            assertThat(installPage.statusCode()).isEqualTo(200);
            Matcher grant = Pattern.compile("id=\"grant\" href=\"([^\"]+)\"").matcher(installPage.body());
            assertThat(grant.find()).isTrue();
            String callback = follow(get(installPage.uri().resolve(HtmlUtils.htmlUnescape(grant.group(1))).toString()));
            assertThat(callback).contains("/connect/callback?");
            return Objects.requireNonNull(callback);
        }
    }
}
