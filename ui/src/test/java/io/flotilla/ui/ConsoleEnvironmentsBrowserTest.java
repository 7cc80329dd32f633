package io.flotilla.ui;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterService;
import io.flotilla.cluster.ClusterSpecValidator;
import io.flotilla.cluster.ClusterState;
import io.flotilla.environment.EnvironmentBuildRepository;
import io.flotilla.environment.EnvironmentService;
import io.flotilla.environment.EnvironmentView;
import io.flotilla.environment.SoftwareEnvironmentRepository;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.Caller;
import io.flotilla.identity.Role;
import io.flotilla.identity.TokenService;
import io.flotilla.identity.UserService;
import io.flotilla.identity.WorkspaceService;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.PythonScript;
import io.flotilla.testing.TestUv;
import io.flotilla.ui.server.ConsoleServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Drives the software environments pages in headless Chromium against real uv builds: a spec naming a package that
 * does not exist fails its build, and the page (never reloaded) shows uv's own error in the build log, the failure
 * above it; a good spec reaches ready, cannot be deleted while a cluster uses it and is deleted once it stopped; bad
 * input in the form is shown on its field and stores nothing; members of another workspace do not see it.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleEnvironmentsBrowserTest extends AppTestProperties {
    private static final String ADMIN_PASSWORD = "admin-password-123";
    private static final String OUTSIDER = "console-env-outsider";
    private static final String OUTSIDER_PASSWORD = "outsider-password-123";
    /** The outsider's workspace; named to sort after "default", which the admin's console then opens first. */
    private static final String OTHER_WORKSPACE = "zz-console-env-other";
    private static final String MISSING = "flotilla-no-such-package-zz";
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);

    @Inject
    ConsoleServer console;
    @Inject
    UserService users;
    @Inject
    TokenService tokens;
    @Inject
    WorkspaceService workspaces;
    @Inject
    EnvironmentService environments;
    @Inject
    EnvironmentBuildRepository builds;
    @Inject
    SoftwareEnvironmentRepository versions;
    @Inject
    ClusterService clusters;

    private HeadlessChromium browser;
    private Caller admin;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.console.port", "-1",
                "flotilla.local.python", PythonScript.python().toString(),
                "flotilla.environments.local.uv", TestUv.path().toString(),
                "flotilla.clusters.heartbeat-interval", "1s",
                "flotilla.clusters.stop-grace", "5s",
                // the cluster that keeps an environment in use runs as this user: the environment's venv is made from
                // the test interpreter, which the isolated run-as account of a root appliance may not execute
                "flotilla.local.run-as", System.getProperty("user.name"));
    }

    @BeforeAll
    void setUp() {
        admin = tokens.authenticate(ADMIN_TOKEN).orElseThrow();
        users.update(admin, "admin", null, null, ADMIN_PASSWORD);
        users.create(admin, OUTSIDER, "Not in default", OUTSIDER_PASSWORD, false);
        workspaces.create(admin, OTHER_WORKSPACE, "another team");
        workspaces.putMember(admin, OTHER_WORKSPACE, OUTSIDER, Role.MEMBER);
    }

    @BeforeEach
    void openBrowser() {
        browser = new HeadlessChromium("http://localhost:" + console.getPort());
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @AfterAll
    void stopClusters() throws InterruptedException {
        for (Cluster cluster : clusters.list(admin, "default", null, null, 100, 0).items()) {
            if (!cluster.state().isFinished()) {
                clusters.stop(admin, "default", cluster.name(), "test cleanup");
                awaitCluster(cluster.name(), c -> c.state().isFinished(), Duration.ofSeconds(120));
            }
        }
    }

    @Test
    void aMissingPackageFailsTheBuildAndThePageShowsUvsOwnError() {
        String name = "console-broken";
        signIn("admin", ADMIN_PASSWORD);
        openCreateDialog();
        browser.input("#envName").sendKeys(name);
        textArea("envPip").sendKeys(MISSING + "==1.0");
        browser.click("createEnvironmentSubmit");
        browser.byId("environmentDetailView");
        assertThat(browser.byId("environmentTitle").getText()).isEqualTo(name);
        assertThat(browser.byId("environmentState").getText()).as("the page opens while the build has not finished")
                .isIn("queued", "building");
        assertThat(browser.byId("envSpecPackages").getText()).isEqualTo(MISSING + "==1.0");

        // no click, no reload from here on: the page follows the build by itself
        new WebDriverWait(browser.driver(), BUILD_TIMEOUT).withMessage(() -> "the page shows the build failed; log: " + logText())
                .until(d -> browser.byId("environmentState").getText().equals("failed"));
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).withMessage(() -> "uv's own error in the log; log: " + logText())
                .until(d -> logText().contains("No solution found") && logText().contains("# failed"));
        assertThat(logText()).startsWith("# queued").contains(MISSING);
        WebElement failure = browser.byId("buildFailure");
        assertThat(failure.isDisplayed()).isTrue();
        assertThat(failure.getText()).startsWith("Build failed: uv could not install the requirements").contains(MISSING);
        assertThat(failure.getLocation().getY()).as("the failure comes first, above the log")
                .isLessThan(browser.byId("buildLogText").getLocation().getY());
        browser.waitForGridCell("buildsGrid", "failed");
        browser.screenshot("environment-failed");

        EnvironmentView current = environments.get(admin, "default", name).current();
        assertThat(current.state()).isEqualTo("failed");
        assertThat(current.failure()).contains(MISSING);
    }

    @Test
    void aGoodSpecReachesReadyAndIsDeletedOnlyOnceNoClusterUsesIt() throws InterruptedException {
        String name = "console-tables";
        signIn("admin", ADMIN_PASSWORD);
        openCreateDialog();
        browser.input("#envName").sendKeys(name);
        textArea("envPip").sendKeys("tabulate==0.9.0");
        browser.click("createEnvironmentSubmit");
        browser.byId("environmentDetailView");
        new WebDriverWait(browser.driver(), BUILD_TIMEOUT).withMessage(() -> "the page shows the build ready; log: " + logText())
                .until(d -> browser.byId("environmentState").getText().equals("ready"));
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).withMessage(() -> "the log ends with the build's outcome: " + logText())
                .until(d -> logText().contains("# ready: venv "));
        assertThat(browser.driver().findElements(By.id("buildFailure"))).noneMatch(WebElement::isDisplayed);
        assertThat(browser.byId("envSpecPython").getText()).isEqualTo("3.11");
        assertThat(browser.byId("envSpecArchitecture").getText()).isEqualTo("x86_64");
        assertThat(browser.byId("envSpecGpu").getText()).isEqualTo("no");
        EnvironmentView ready = environments.get(admin, "default", name).current();
        assertThat(ready.state()).isEqualTo("ready");
        assertThat(browser.byId("envSpecHash").getText()).isEqualTo(ready.specHash());
        browser.screenshot("environment-ready");

        clusters.create(admin, "default", "console-on-tables",
                new ClusterSpecValidator.Options(0, null, null, null, name, null, 600L, null, null, null));
        Cluster onTables = awaitCluster("console-on-tables", c -> c.state() == ClusterState.RUNNING || c.state().isFinished(),
                Duration.ofSeconds(180));
        assertThat(onTables.state()).as("the cluster on the environment runs: " + onTables.reason()).isEqualTo(ClusterState.RUNNING);
        browser.click("backToEnvironments");
        browser.byId("environmentsView");
        browser.waitForGridCell("environmentsGrid", name);
        browser.waitForGridCell("environmentsGrid", ready.specHash().substring(0, 12));
        browser.waitForGridCell("environmentsGrid", "1 cluster");
        assertThat(browser.gridCells("environmentsGrid")).contains("ready", "admin");
        browser.screenshot("environments");

        browser.click("environment-" + name);
        browser.byId("environmentDetailView");
        browser.click("deleteEnvironmentButton");
        browser.click("confirmDeleteEnvironmentButton");
        browser.waitForNotification("Software environment '" + name + "' is used by cluster console-on-tables; stop it first.");
        assertThat(environments.get(admin, "default", name).versions()).hasSize(1);

        clusters.stop(admin, "default", "console-on-tables", "test");
        awaitCluster("console-on-tables", c -> c.state().isFinished(), Duration.ofSeconds(120));
        browser.click("deleteEnvironmentButton");
        browser.click("confirmDeleteEnvironmentButton");
        browser.waitForNotification("Deleted software environment '" + name + "'");
        browser.byId("environmentsView");
        assertThatThrownBy(() -> environments.get(admin, "default", name)).isInstanceOf(ServiceException.class)
                .hasMessageContaining(name);
    }

    @Test
    void badInputShowsTheSentenceOnItsFieldAndStoresNothing() {
        long buildsBefore = builds.count();
        long versionsBefore = versions.count();
        signIn("admin", ADMIN_PASSWORD);
        openCreateDialog();
        browser.input("#envName").sendKeys("console-bad");
        textArea("envPip").sendKeys("six=1.0");
        browser.click("createEnvironmentSubmit");
        browser.waitForNotification("PEP 508");
        waitForFieldError("envPip", "PEP 508");
        assertThat(browser.byId("envName").isDisplayed()).as("the dialog stays open").isTrue();

        textArea("envPip").sendKeys(Keys.chord(Keys.CONTROL, "a"), "six");
        browser.input("#envName").sendKeys(Keys.chord(Keys.CONTROL, "a"), "Not A Name");
        browser.click("createEnvironmentSubmit");
        waitForFieldError("envName", "Not A Name");
        assertThat(browser.byId("envPip").getDomProperty("invalid")).as("the pip error went with its cause").isEqualTo("false");

        browser.input("#envName").sendKeys(Keys.chord(Keys.CONTROL, "a"), "console-bad");
        textArea("envPip").sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        browser.click("createEnvironmentSubmit");
        waitForFieldError("envPip", "The spec is empty");
        browser.screenshot("environment-bad-input");

        assertThat(builds.count()).isEqualTo(buildsBefore);
        assertThat(versions.count()).isEqualTo(versionsBefore);
        assertThatThrownBy(() -> environments.get(admin, "default", "console-bad")).isInstanceOf(ServiceException.class);
    }

    @Test
    void membersOfAnotherWorkspaceDoNotSeeTheEnvironments() {
        environments.create(admin, "default", "console-private",
                new io.flotilla.environment.builder.EnvironmentSpec(List.of("tabulate==0.9.0"), null, null, "3.11", "x86_64",
                        false, List.of()), false);
        signIn(OUTSIDER, OUTSIDER_PASSWORD);
        browser.byId("tokensView");
        browser.click("navEnvironments");
        browser.byId("environmentsView");
        new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).withMessage("the outsider's own workspace is shown")
                .until(d -> browser.byId("environmentsSummary").getText().equals("0 environments"));
        assertThat(browser.driver().getPageSource()).contains("Software environments of " + OTHER_WORKSPACE)
                .doesNotContain("console-private");
        browser.open("/environments/console-private");
        browser.waitForNotification("console-private");
        browser.byId("environmentsView");
        assertThat(browser.driver().findElements(By.id("environmentDetailView"))).isEmpty();
        Caller outsider = Caller.of(users.get(admin, OUTSIDER));
        assertThatThrownBy(() -> environments.list(outsider, "default")).isInstanceOf(ServiceException.class);
    }

    private void openCreateDialog() {
        browser.byId("tokensView");
        browser.click("navEnvironments");
        browser.byId("environmentsView");
        assertThat(browser.byId("environmentsView").getText()).contains("Software environments of default");
        browser.click("createEnvironmentButton");
        browser.byId("createEnvironmentDialog");
    }

    private WebElement textArea(String id) {
        return browser.waiting().until(d -> d.findElement(By.cssSelector("#" + id + " textarea")));
    }

    private void waitForFieldError(String id, String text) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(20))
                .withMessage(() -> id + " shows an error with '" + text + "'; it shows '" + browser.byId(id).getDomProperty("errorMessage") + "'")
                .until(d -> "true".equals(browser.byId(id).getDomProperty("invalid"))
                        && String.valueOf(browser.byId(id).getDomProperty("errorMessage")).contains(text));
    }

    private String logText() {
        String value = browser.byId("buildLogText").getDomProperty("value");
        return value == null ? "" : value;
    }

    private Cluster awaitCluster(String name, Predicate<Cluster> done, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Cluster last = null;
        while (Instant.now().isBefore(deadline)) {
            last = clusters.get(admin, "default", name);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("cluster " + name + " did not get there within " + timeout + "; last: " + last);
    }

    private void signIn(String username, String password) {
        browser.open("/login");
        browser.input("vaadin-login-form vaadin-text-field").sendKeys(username);
        browser.input("vaadin-login-form vaadin-password-field").sendKeys(password, Keys.ENTER);
    }
}
