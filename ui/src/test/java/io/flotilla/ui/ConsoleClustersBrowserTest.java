package io.flotilla.ui;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterService;
import io.flotilla.cluster.ClusterSpecValidator;
import io.flotilla.cluster.ClusterState;
import io.flotilla.cluster.ConnectionService;
import io.flotilla.identity.Caller;
import io.flotilla.identity.Role;
import io.flotilla.identity.TokenService;
import io.flotilla.identity.UserService;
import io.flotilla.identity.WorkspaceService;
import io.flotilla.provider.local.LocalComputeProvider;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.PythonScript;
import io.flotilla.ui.server.ConsoleServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the clusters pages in headless Chromium against a real local Dask cluster: the list shows it
 * running, its page shows workers, events and filtered scheduler logs, its dashboard link opens Dask's status page
 * (cross-site, through the token's cookie), Scale refuses a bad count and
 * scales to 0, and Stop (confirmed) stops it; outcomes are checked through {@link ClusterService}.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleClustersBrowserTest extends AppTestProperties {
    private static final String ADMIN_PASSWORD = "admin-password-123";
    private static final String CLUSTER = "console-demo";
    private static final String MEMBER = "console-member";
    private static final String MEMBER_PASSWORD = "member-password-123";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    @Inject
    ConsoleServer console;
    @Inject
    UserService users;
    @Inject
    TokenService tokens;
    @Inject
    ClusterService clusters;
    @Inject
    ConnectionService connections;
    @Inject
    WorkspaceService workspaces;
    @Inject
    LocalComputeProvider localProvider;

    private HeadlessChromium browser;
    private Caller admin;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.console.port", "-1",
                "flotilla.local.python", PythonScript.python().toString(),
                "flotilla.clusters.heartbeat-interval", "1s");
    }

    @BeforeAll
    void setUp() throws InterruptedException {
        admin = tokens.authenticate(ADMIN_TOKEN).orElseThrow();
        users.update(admin, "admin", null, null, ADMIN_PASSWORD);
        users.create(admin, MEMBER, "Console member", MEMBER_PASSWORD, false);
        workspaces.putMember(admin, "default", MEMBER, Role.MEMBER);
        clusters.create(admin, "default", CLUSTER,
                new ClusterSpecValidator.Options(1, null, null, null, null, null, 600L, null, null, null));
        await(c -> c.state() == ClusterState.RUNNING && c.workersConnected() == 1, START_TIMEOUT);
        browser = new HeadlessChromium("http://localhost:" + console.getPort());
    }

    @AfterAll
    void tearDown() throws InterruptedException {
        if (browser != null) {
            browser.close();
        }
        if (admin != null && clusters.get(admin, "default", CLUSTER).state() != ClusterState.STOPPED) {
            clusters.stop(admin, "default", CLUSTER, "test cleanup");
            await(c -> c.state() == ClusterState.STOPPED || c.state() == ClusterState.FAILED, Duration.ofSeconds(60));
        }
    }

    @Test
    void runningClusterShowsItsWorkersEventsAndLogsAndStopsFromItsPage() throws InterruptedException {
        signIn();
        browser.byId("tokensView");
        browser.click("navClusters");
        browser.byId("clustersView");
        browser.waitForGridCell("clustersGrid", CLUSTER);
        browser.waitForGridCell("clustersGrid", "running");
        assertThat(browser.gridCells("clustersGrid")).contains("1 / 1", "admin");
        assertThat(browser.driver().findElements(org.openqa.selenium.By.id("localIsolationNotice")))
                .as("as root local clusters run isolated: no notice").isEmpty();
        browser.screenshot("clusters");

        browser.click("cluster-" + CLUSTER);
        browser.byId("clusterDetailView");
        assertThat(browser.byId("clusterTitle").getText()).isEqualTo(CLUSTER);
        assertThat(browser.byId("clusterState").getText()).isEqualTo("running");
        assertThat(browser.byId("clusterWorkers").getText()).isEqualTo("1 / 1");
        assertThat(browser.byId("schedulerAddress").getText()).contains("://");
        assertThat(browser.byId("dashboardLink").getDomAttribute("target")).isEqualTo("_blank");
        assertThat(browser.byId("dashboardLink").getDomAttribute("href"))
                .isEqualTo(connections.credentials(admin, "default", CLUSTER).dashboardUrl())
                .startsWith(clusters.get(admin, "default", CLUSTER).dashboardUrl() + "?token=fdt_");
        opensTheDashboard();
        aMemberWhoDidNotCreateItGetsNoDashboardLink();
        browser.waitForGridCell("workersGrid", "scheduler");
        browser.waitForGridCell("workersGrid", "worker");
        assertThat(browser.gridCells("workersGrid")).contains("ready");
        browser.screenshot("cluster-workers");

        browser.click("tabEvents");
        browser.waitForGridCell("eventsGrid", "created");
        browser.screenshot("cluster-events");

        browser.click("tabLogs");
        browser.input("#logFilter").sendKeys("Scheduler at", Keys.ENTER);
        browser.waiting().withMessage("a log line with 'Scheduler at'")
                .until(d -> logText().contains("Scheduler at") && logText().lines().allMatch(l -> l.contains("Scheduler at")));
        assertThat(logText()).startsWith("scheduler");
        browser.screenshot("cluster-logs");

        WebElement workers = browser.input("#scaleWorkers");
        workers.sendKeys(Keys.chord(Keys.CONTROL, "a"), "100000");
        browser.click("scaleButton");
        browser.waitForNotification("nWorkers must be between 0 and");
        workers.sendKeys(Keys.chord(Keys.CONTROL, "a"), "0");
        browser.click("scaleButton");
        browser.waitForNotification("Scaling " + CLUSTER + " to 0 workers");
        assertThat(clusters.get(admin, "default", CLUSTER).desiredWorkers()).isZero();
        browser.waiting().withMessage("the page shows 0 workers desired")
                .until(d -> browser.byId("clusterWorkers").getText().endsWith("/ 0"));

        browser.click("stopButton");
        browser.click("confirmStopButton");
        browser.waitForNotification("Stopping cluster");
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).withMessage("the page shows the cluster stopping or stopped")
                .until(d -> browser.byId("clusterState").getText().matches("stopping|stopped"));
        Cluster stopped = await(c -> c.state() == ClusterState.STOPPED, Duration.ofSeconds(60));
        assertThat(stopped.reason()).isEqualTo("user request");
        new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).withMessage("the page shows the cluster stopped")
                .until(d -> browser.byId("clusterState").getText().equals("stopped"));
        assertThat(browser.byId("clusterReason").getText()).isEqualTo("user request");
        assertThat(browser.byId("stopButton").getDomProperty("disabled")).as("a stopped cluster cannot be stopped again").isEqualTo("true");
        browser.screenshot("cluster-stopped");

        // past the log retention the local provider removes the instances' directories: the page says why
        assertThat(localProvider.removeEndedBefore(Instant.now().plusSeconds(1))).isNotEmpty();
        browser.click("tabLogs");
        browser.click("logRefresh");
        browser.waitForNotification("The logs of cluster " + CLUSTER + " were removed");
        browser.screenshot("cluster-logs-removed");
    }

    /** The link holds the dashboard token: a member who is neither the creator nor an admin sees why there is none. */
    private void aMemberWhoDidNotCreateItGetsNoDashboardLink() {
        browser.signOutHard();
        signIn(MEMBER, MEMBER_PASSWORD);
        browser.byId("tokensView");
        browser.open("/clusters/" + CLUSTER);
        browser.waiting().withMessage("the member's cluster page says who may open the dashboard")
                .until(d -> browser.byId("noDashboard").getText().equals("for its creator and the workspace's admins"));
        assertThat(browser.driver().findElements(By.id("dashboardLink"))).noneMatch(WebElement::isDisplayed);
        assertThat(browser.driver().getPageSource()).doesNotContain("token=fdt_");
        browser.signOutHard();
        signIn("admin", ADMIN_PASSWORD);
        browser.byId("tokensView");
        browser.open("/clusters/" + CLUSTER);
        browser.byId("clusterDetailView");
    }

    /** A click on the link (the console is another site than the dashboard) opens Dask's status page in a new tab. */
    private void opensTheDashboard() {
        String console = browser.driver().getWindowHandle();
        browser.click("dashboardLink");
        browser.waiting().withMessage("a tab for the dashboard").until(d -> d.getWindowHandles().size() == 2);
        String tab = browser.driver().getWindowHandles().stream().filter(h -> !h.equals(console)).findFirst().orElseThrow();
        browser.driver().switchTo().window(tab);
        browser.waiting().withMessage("Dask's status page")
                .until(d -> d.getPageSource().contains("Dask needs bokeh") || d.getPageSource().contains("Dask: Status"));
        assertThat(browser.driver().getCurrentUrl()).as("the token left the address").endsWith("/status");
        browser.driver().close();
        browser.driver().switchTo().window(console);
    }

    private String logText() {
        String value = browser.byId("logText").getDomProperty("value");
        return value == null ? "" : value;
    }

    private Cluster await(Predicate<Cluster> done, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Cluster last = null;
        while (Instant.now().isBefore(deadline)) {
            last = clusters.get(admin, "default", CLUSTER);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("cluster " + CLUSTER + " did not get there within " + timeout + "; last: " + last);
    }

    private void signIn() {
        signIn("admin", ADMIN_PASSWORD);
    }

    private void signIn(String username, String password) {
        browser.open("/login");
        browser.input("vaadin-login-form vaadin-text-field").sendKeys(username);
        browser.input("vaadin-login-form vaadin-password-field").sendKeys(password, Keys.ENTER);
    }
}
