package io.partnersync.web;

import static io.partnersync.support.Records.salesforceOpportunity;
import static io.partnersync.support.Records.salesforcePartner;
import static org.assertj.core.api.Assertions.assertThat;

import io.partnersync.canonical.EntityType;
import io.partnersync.support.Browser;
import io.partnersync.support.Callers;
import io.partnersync.support.IntegrationTest;
import io.partnersync.support.StoreTest;
import io.partnersync.sync.spi.PageSink;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The sync health page in a real headless browser (Debian's chromium through chromedriver): sign
 * in, see the connectors and a failure, replay it and see the count drop; a viewer sees no replay
 * button and is refused; a CRM's {@code <script>} is shown as text. Without chromium installed these
 * tests are skipped, unless {@code PARTNERSYNC_BROWSER_TESTS=required} (as {@code .ci/run} sets it).
 */
@IntegrationTest
@DisplayName("Sync health page, in a browser")
class HealthPageBrowserIT extends StoreTest {


    @LocalServerPort int port;
    @Autowired PageSink pages;
    @Autowired JdbcTemplate jdbc;

    private WebDriver browser;

    @BeforeEach
    void twoDealsOfPartnersNotYetKnownAndABrowser() {
        browser = Browser.start().orElse(null);
        Assumptions.assumeTrue(browser != null, "chromium and chromedriver are not installed");
        jdbc.update("truncate deal, partner, external_ref, outbox, sync_checkpoint, sync_failure, audit_event, sync_activity, sync_last_success");
        pages.deliver("vendor-sf", EntityType.DEAL, List.of(
                salesforceOpportunity("006B1", "001ACME", "Firewall refresh", 1000, "2026-11-20T08:00:00.000+0000"),
                salesforceOpportunity("006<script>alert(1)</script>", "001GLOBEX", "<script>alert(2)</script>", 1000, "2026-11-20T08:00:00.000+0000")), null);
        // the first deal's partner arrives afterwards: its failure can now be replayed
        pages.deliver("vendor-sf", EntityType.PARTNER, List.of(salesforcePartner("001ACME", "acme", "Acme", "Gold", "2026-11-20T08:00:00.000+0000")), null);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    @DisplayName("ops sign in, see the connectors and the failures, replay one and see the count drop")
    void opsReplayAFailure() throws Exception {
        signIn("ops");

        WebElement vendor = waitFor(By.cssSelector("article[data-connector='vendor-sf']"));
        assertThat(browser.findElements(By.cssSelector("article.connector"))).hasSize(3);
        assertThat(vendor.findElement(By.cssSelector(".open-failures")).getText()).isEqualTo("2");
        assertThat(vendor.findElement(By.cssSelector("[data-category='REFERENCE']")).getText()).isEqualTo("reference: 2");
        assertThat(vendor.findElement(By.cssSelector("tr[data-entity='deal']")).getText()).as("two deals and one partner read").contains("deal 2 2");
        assertThat(browser.findElements(By.cssSelector("tr.failure"))).hasSize(2);
        long acme = failureOf("006B1");
        screenshot();

        browser.findElement(By.cssSelector("tr[data-failure='" + acme + "'] button.replay")).click();

        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(By.cssSelector("#failures .message"),
                "Failure " + acme + " replayed: created"));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(
                By.cssSelector("article[data-connector='vendor-sf'] .open-failures"), "1"));
        assertThat(browser.findElements(By.cssSelector("tr.failure"))).hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from deal where name = 'Firewall refresh'", Long.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select actor from audit_event where action = 'failure-replayed'", String.class)).isEqualTo("ops");
    }

    @Test
    @DisplayName("a viewer sees the failures but no replay button, and the API and the page refuse a replay")
    void viewerCannotReplay() throws Exception {
        signIn("viewer");

        waitFor(By.cssSelector("tr.failure"));
        assertThat(browser.findElements(By.cssSelector("tr.failure"))).hasSize(2);
        assertThat(browser.findElements(By.cssSelector("button.replay"))).isEmpty();
        long acme = failureOf("006B1");
        assertThat(postFromPage("/ui/failures/" + acme + "/replay", true)).as("the page's replay, with the CSRF token").isEqualTo(403);
        HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/failures/" + acme + "/replay"))
                .header("Authorization", Callers.VIEWER).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(403);
        assertThat(jdbc.queryForObject("select count(*) from sync_failure where resolved_at is null", Long.class)).isEqualTo(2);
    }

    @Test
    @DisplayName("a replay posted without the page's CSRF token (a cross-site form) changes nothing")
    void noReplayWithoutTheCsrfToken() {
        signIn("ops");
        waitFor(By.cssSelector("tr.failure"));
        long acme = failureOf("006B1");

        assertThat(postFromPage("/ui/failures/" + acme + "/replay", false)).isEqualTo(403);
        assertThat(jdbc.queryForObject("select count(*) from sync_failure where resolved_at is null", Long.class)).isEqualTo(2);
    }

    @Test
    @DisplayName("what a CRM sent is shown as text: a <script> in a record id is never run")
    void crmTextIsEscaped() {
        signIn("viewer");
        waitFor(By.cssSelector("tr.failure"));

        assertThat(browser.findElement(By.id("failures")).getText()).contains("006<script>alert(1)</script>");
        assertThat(browser.findElements(By.cssSelector("#failures script"))).isEmpty();
        assertThat(((JavascriptExecutor) browser).executeScript("return typeof window.alerted")).isEqualTo("undefined");
    }

    @Test
    @DisplayName("the page asks for sign-in first, and a wrong password is refused")
    void signInFirst() {
        browser.get("http://localhost:" + port + "/");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        browser.findElement(By.name("username")).sendKeys("ops");
        browser.findElement(By.name("password")).sendKeys("wrong");
        browser.findElement(By.cssSelector("button[type='submit']")).click();
        assertThat(waitFor(By.cssSelector(".message.bad")).getText()).isEqualTo("Wrong user name or password.");
        assertThat(browser.findElements(By.id("connectors"))).isEmpty();
    }

    private void signIn(String user) {
        Browser.signIn(browser, "http://localhost:" + port, user, Callers.password(user));
    }

    private WebElement waitFor(By what) {
        return Browser.waitFor(browser, what);
    }

    private long failureOf(String externalId) {
        return jdbc.queryForObject("select id from sync_failure where external_id = ? and resolved_at is null", Long.class, externalId);
    }

    /** A POST from the signed-in page, with or without the CSRF header htmx sends; returns the status. */
    private long postFromPage(String path, boolean withToken) {
        Object status = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const headers = arguments[1] ? JSON.parse(document.body.getAttribute('hx-headers')) : {};
                fetch(arguments[0], {method: 'POST', headers: headers, redirect: 'manual'}).then(r => done(r.status), e => done(-1));
                """, path, withToken);
        return ((Number) status).longValue();
    }

    private void screenshot() throws Exception {
        Browser.screenshot(browser, "sync-health-page.png", 1400, 1750);
    }
}
