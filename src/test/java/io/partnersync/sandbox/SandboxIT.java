package io.partnersync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersync.PartnerSyncApplication;
import io.partnersync.config.ConnectorProperties;
import io.partnersync.config.PartnerSyncProperties;
import io.partnersync.support.Browser;
import io.partnersync.support.Callers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sandbox as the README's run command starts it (the {@code sandbox} profile, the embedded
 * store, the simulated org and portals on loopback, here on free ports), watched only through the
 * service's API and the simulators' own HTTP APIs, as a newcomer would.
 */
@DisplayName("The sandbox")
class SandboxIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    @DisplayName("within two minutes of start: leads with both partners (one accepted), one registration approved and one in review for conflict,"
            + " a payout calculated, one failure with its reason; the documented fix in the portal closes it and the deal reaches Salesforce")
    void wholeProductOnALaptop() throws Exception {
        Instant started = Instant.now();
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort(); // the invitation's link names the service's port
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PartnerSyncApplication.class).profiles("sandbox").run(
                "--partnersync.sandbox.data-dir=" + dataDir, "--partnersync.sandbox.vendor.port=0", "--partnersync.sandbox.partners.acme.port=0",
                "--partnersync.sandbox.partners.globex.port=0", "--partnersync.sandbox.partners.initech.port=0", "--partnersync.sandbox.partners.umbrella.port=0",
                "--partnersync.sandbox.partners.hooli.port=0", "--server.port=" + port, "--camel.main.main-run-controller=false",
                "--partnersync.security.users[0].name=viewer", "--partnersync.security.users[0].role=viewer",
                "--partnersync.security.users[0].password-hash={bcrypt}$2a$10$Awvv/IBOaMdBP3X5ccVeFee.jS3xCkN/tqD7ojui.9t0K.GSM86/6")) {
            String api = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
            Sandbox sandbox = context.getBean(Sandbox.class);
            for (ConnectorProperties connector : context.getBean(PartnerSyncProperties.class).connectors()) {
                assertThat(connector.baseUrl().getHost()).as("connector %s talks to a simulator on loopback", connector.name()).isEqualTo("127.0.0.1");
            }

            await("every item of the sandbox's story on the API").atMost(Duration.ofMinutes(2).minus(Duration.between(started, Instant.now())))
                    .pollInterval(Duration.ofSeconds(2)).ignoreExceptions().untilAsserted(() -> {
                        JsonNode channel = get(api + "/api/channel");
                        assertThat(partners(channel.path("leadsByPartner"), "assigned", "accepted")).as("leads distributed to the four partners")
                                .containsExactlyInAnyOrder("Acme Systems", "Globex Consulting", "Initech Networks", "Umbrella Networks");
                        assertThat(find(channel.path("leads"), "status", "ACCEPTED")).as("a lead accepted on each kind of partner CRM")
                                .extracting(lead -> lead.path("partner").asText()).containsExactlyInAnyOrder("Acme Systems", "Initech Networks", "Umbrella Networks");
                        assertThat(find(channel.path("registrations"), "status", "APPROVED")).as("three registrations approved, on HubSpot, Salesforce and Dynamics 365")
                                .hasSize(3).allSatisfy(r -> assertThat(r.path("reason").asText()).startsWith("Approved automatically: "));
                        assertThat(find(channel.path("registrations"), "status", "PENDING_REVIEW")).as("one registration in review for conflict").hasSize(1)
                                .allSatisfy(r -> assertThat(r.path("reason").asText()).contains("the vendor's own sales team has an open opportunity"));
                        assertThat(find(channel.path("payouts"), "type", "REBATE")).as("a payout calculated").hasSize(1).allSatisfy(payout -> {
                            assertThat(payout.path("status").asText()).isEqualTo("CALCULATED");
                            assertThat(payout.path("amount").decimalValue()).isEqualByComparingTo("1680.00"); // 3.5 % of 48,000 EUR
                        });
                        JsonNode failures = get(api + "/api/failures");
                        assertThat(failures).as("one failure").hasSize(1);
                        assertThat(failures.get(0).path("connector").asText()).isEqualTo("globex-hubspot");
                        assertThat(failures.get(0).path("category").asText()).isEqualTo("VALIDATION");
                        assertThat(failures.get(0).path("reason").asText()).contains("'12k' is not a number");
                    });

            seenOnThePage(api);
            newcomerConnects(api, dataDir);

            // The README's fix: the rep corrects the amount in Globex's portal
            String badDeal = sandbox.badDeal();
            HttpResponse<String> fixed = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.partners().get("globex").url() + "/crm/v3/objects/deals/" + badDeal))
                    .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString("{\"properties\":{\"amount\":\"12000\"}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(fixed.statusCode()).isEqualTo(200);

            await("the corrected deal is taken in and reaches Salesforce").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions().untilAsserted(() -> {
                        assertThat(get(api + "/api/failures")).as("open failures").isEmpty();
                        JsonNode opportunities = get(sandbox.vendor().url()
                                + "/services/data/v62.0/query?q=SELECT+Name,Amount,Registration_Status__c+FROM+Opportunity").path("records");
                        assertThat(find(opportunities, "Name", SandboxStory.BAD_DEAL_NAME)).hasSize(1).allSatisfy(opportunity -> {
                            assertThat(opportunity.path("Amount").decimalValue()).isEqualByComparingTo("12000");
                            assertThat(opportunity.path("Registration_Status__c").asText()).isEqualTo("Approved");
                        });
                    });
            assertThat(sandbox.partners().get("globex").changesDelivered()).as("the portal's signed webhooks taken by the service").isPositive();
            // the partner on its own Salesforce org sees its registration decided, with the reason, where its rep works
            await("Initech's registration decided in Initech's org").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions().untilAsserted(() -> {
                        JsonNode initech = get(sandbox.partners().get("initech").url() + "/services/data/v62.0/query?q="
                                + "SELECT+Name,PartnerSync_Registration_Status__c,PartnerSync_Registration_Reason__c+FROM+Opportunity").path("records");
                        assertThat(find(initech, "PartnerSync_Registration_Status__c", "Approved")).hasSize(1).allSatisfy(opportunity ->
                                assertThat(opportunity.path("PartnerSync_Registration_Reason__c").asText()).startsWith("Approved automatically: "));
                        // and the partner on Dynamics 365, in its environment (choice 100000002: Approved)
                        var umbrella = (io.partnersync.sandbox.simulator.DataverseSimulator) sandbox.partners().get("umbrella").simulator();
                        assertThat(umbrella.all("opportunities")).singleElement().satisfies(opportunity -> {
                            assertThat(opportunity.get("partnersync_registrationstatus")).isEqualTo(100000002);
                            assertThat((String) opportunity.get("partnersync_registrationreason")).startsWith("Approved automatically: ");
                        });
                    });
        }
    }

    /** The same state on the sync health page, in a browser (skipped without chromium, unless required); its screenshot is the README's. */
    private static void seenOnThePage(String api) throws Exception {
        WebDriver browser = Browser.start().orElse(null);
        if (browser == null) {
            return;
        }
        try {
            Browser.signIn(browser, api, "viewer", Callers.password("viewer"));
            Browser.waitFor(browser, By.cssSelector("#channel tr.payout"));
            assertThat(browser.findElements(By.cssSelector("article.connector")).stream()
                    .map(c -> c.getAttribute("data-connector") + " " + c.findElement(By.cssSelector(".status")).getText()))
                    .as("five connectors, Globex's degraded by its one bad record")
                    .containsExactly("vendor-sf running", "acme-hubspot running", "globex-hubspot degraded", "initech-sf running", "umbrella-d365 running");
            assertThat(browser.findElement(By.cssSelector("article.connector[data-connector='umbrella-d365'] .quota")).getText())
                    .as("the environment's service protection window, as its answers said").matches("\\d+ used, \\d+ left of 6000 per 5 minutes");
            assertThat(browser.findElements(By.cssSelector("#channel .by-partner li")).stream().map(WebElement::getText))
                    .containsExactly("Acme Systems: 1 assigned, 1 accepted", "Globex Consulting: 2 assigned, 0 accepted",
                            "Initech Networks: 0 assigned, 1 accepted", "Umbrella Networks: 0 assigned, 1 accepted");
            assertThat(browser.findElements(By.cssSelector("#channel tr.registration")).stream().map(r -> r.getAttribute("data-status")))
                    .containsExactlyInAnyOrder("APPROVED", "APPROVED", "APPROVED", "PENDING_REVIEW");
            assertThat(browser.findElement(By.cssSelector("#channel tr.registration[data-status='PENDING_REVIEW'] .reason")).getText())
                    .contains("open opportunity");
            assertThat(browser.findElements(By.cssSelector("#channel tr.payout")).stream().map(WebElement::getText))
                    .anySatisfy(row -> assertThat(row).contains("rebate").contains("1,680.00 EUR").contains("calculated"));
            assertThat(browser.findElements(By.cssSelector("#failures tr.failure")).stream().map(WebElement::getText)).singleElement()
                    .satisfies(row -> assertThat(row).contains("globex-hubspot").contains("'12k' is not a number"));
            Browser.screenshot(browser, "sandbox-page.png", 1400, 2000);
        } finally {
            browser.quit();
        }
    }

    /**
     * The newcomer's invitation, completed in a browser as Hooli's admin would: the link the sandbox
     * printed, the simulated portal's install page, the check, a test read, going live (skipped
     * without chromium, unless required); then its connection works like the others.
     */
    private static void newcomerConnects(String api, Path dataDir) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dataDir.resolve("invitation-link.txt")));
        String link = Files.readString(dataDir.resolve("invitation-link.txt")).trim();
        assertThat(link).startsWith(api + "/connect/");
        WebDriver browser = Browser.start().orElse(null);
        if (browser == null) {
            return;
        }
        try {
            browser.get(link);
            assertThat(Browser.waitFor(browser, By.cssSelector("#consent button")).getText()).contains("hubspot");
            assertThat(browser.findElements(By.cssSelector("table.scope caption")).stream().map(WebElement::getText))
                    .anySatisfy(caption -> assertThat(caption).contains("deal"));
            browser.findElement(By.cssSelector("#consent button")).click();
            Browser.waitFor(browser, By.id("grant")).click();
            assertThat(Browser.waitFor(browser, By.id("connected")).getText()).contains("hubspot:");
            browser.findElement(By.cssSelector("#test button")).click();
            Browser.waitFor(browser, By.id("test-result"));
            browser.findElement(By.cssSelector("#go-live button")).click();
            assertThat(Browser.waitFor(browser, By.id("live")).getText()).contains("is live");
        } finally {
            browser.quit();
        }
        JsonNode connector = get(api + "/api/connectors/hooli-hubspot");
        assertThat(connector.path("paused").isMissingNode() || connector.path("paused").isNull()).as("live: not paused").isTrue();
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", Callers.VIEWER).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<JsonNode> find(JsonNode array, String field, String value) {
        return StreamSupport.stream(array.spliterator(), false).filter(node -> node.path(field).asText().equals(value)).toList();
    }

    /** The partners with at least one lead counted under any of {@code counts}. */
    private static List<String> partners(JsonNode byPartner, String... counts) {
        List<String> partners = new ArrayList<>();
        byPartner.forEach(p -> {
            long sum = 0;
            for (String count : counts) {
                sum += p.path(count).asLong();
            }
            if (sum > 0) {
                partners.add(p.path("partner").asText());
            }
        });
        return partners;
    }

}
