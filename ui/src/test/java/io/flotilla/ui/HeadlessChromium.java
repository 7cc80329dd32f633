package io.flotilla.ui;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A headless Chromium driven by Selenium, with the driver path set explicitly so that Selenium Manager
 * downloads nothing. Missing browser or driver fails the test with instructions (never a skip).
 * Set {@code -Dconsole.screenshots=DIR} to save screenshots of the pages a test visits.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private final ChromeDriver driver;
    private final WebDriverWait wait;
    private final String baseUrl;

    HeadlessChromium(String baseUrl) {
        this.baseUrl = baseUrl;
        Path browser = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(browser) || !Files.isExecutable(chromedriver)) {
            fail("The console browser test needs Chromium and its driver at " + browser + " and " + chromedriver
                    + " (Debian: apt-get install -y chromium chromium-driver; or set -Dchromium.binary and"
                    + " -Dchromedriver.binary).");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,860");
        // a cluster's dashboard presents a certificate of the cluster's own CA, which no browser knows (user guide)
        options.setAcceptInsecureCerts(true);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        this.wait = new WebDriverWait(driver, TIMEOUT);
    }

    ChromeDriver driver() {
        return driver;
    }

    WebDriverWait waiting() {
        return wait;
    }

    /** Opens a console path (e.g. {@code "/tokens"}) in a fresh session. */
    void open(String path) {
        driver.get(baseUrl + path);
    }

    /** Forgets the console session (cookies). */
    void signOutHard() {
        driver.get(baseUrl + "/login");
        driver.manage().deleteAllCookies();
    }

    WebElement byId(String id) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
    }

    /** The native input inside a Vaadin field, once it can be typed into. */
    WebElement input(String cssOfField) {
        return wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(cssOfField + " input")));
    }

    void click(String id) {
        wait.until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
    }

    /** Texts of the rendered cells of a Vaadin grid. */
    List<String> gridCells(String gridId) {
        return driver.findElements(By.cssSelector("#" + gridId + " vaadin-grid-cell-content")).stream()
                .map(WebElement::getText).toList();
    }

    void waitForGridCell(String gridId, String text) {
        new WebDriverWait(driver, TIMEOUT).withMessage(() -> "grid " + gridId + " shows '" + text + "'; it shows " + gridCells(gridId))
                .until(d -> gridCells(gridId).contains(text));
    }

    /** Waits until a notification containing {@code text} is shown. */
    void waitForNotification(String text) {
        new WebDriverWait(driver, TIMEOUT).withMessage(() -> "a notification saying '" + text + "'")
                .until(d -> d.findElements(By.cssSelector("vaadin-notification-card")).stream()
                        .anyMatch(card -> card.getText().contains(text)));
    }

    void screenshot(String name) {
        String dir = System.getProperty("console.screenshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        try {
            Files.createDirectories(Path.of(dir));
            Files.write(Path.of(dir, name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
