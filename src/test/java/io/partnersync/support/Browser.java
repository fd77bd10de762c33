package io.partnersync.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless chromium through chromedriver, for the page's browser tests. Without them
 * installed the tests skip, unless {@code PARTNERSYNC_BROWSER_TESTS=required} (as {@code .ci/run}
 * sets it), where their absence fails.
 */
public final class Browser {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private Browser() {
    }

    /** Whether the browser tests can run here; fails when they are required and cannot. */
    public static boolean available() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if ("required".equals(System.getenv("PARTNERSYNC_BROWSER_TESTS"))) {
            assertThat(installed).as("chromium and chromedriver installed (apt-get install chromium chromium-driver)").isTrue();
        }
        return installed;
    }

    /** A headless chromium, or empty when it cannot run here (see {@link #available}). */
    public static Optional<WebDriver> start() {
        if (!available()) {
            return Optional.empty();
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1400,1000");
        return Optional.of(new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options));
    }

    /** Signs in on the page's form and waits for the page. */
    public static void signIn(WebDriver browser, String baseUrl, String user, String password) {
        browser.get(baseUrl + "/");
        browser.findElement(By.name("username")).sendKeys(user);
        browser.findElement(By.name("password")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type='submit']")).click();
        waitFor(browser, By.id("connectors"));
    }

    public static WebElement waitFor(WebDriver browser, By what) {
        return new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(what));
    }

    /** The page as it is, {@code width} × {@code height}, to {@code target/screenshots/<name>}. */
    public static void screenshot(WebDriver browser, String name, int width, int height) throws java.io.IOException {
        browser.manage().window().setSize(new Dimension(width, height));
        Path file = Path.of("target", "screenshots", name);
        Files.createDirectories(file.getParent());
        Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
