package io.flotilla.ui;

import io.flotilla.cluster.ClusterInstanceRepository;
import io.flotilla.cluster.ClusterRepository;
import io.flotilla.cluster.ClusterStatus;
import io.flotilla.cluster.ClusterTarget;
import io.flotilla.identity.Caller;
import io.flotilla.identity.TokenService;
import io.flotilla.identity.UserRepository;
import io.flotilla.identity.UserService;
import io.flotilla.identity.WorkspaceRepository;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.HandMadeClusters;
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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clusters page's state filter shows the clusters whose displayed state is the one chosen: a row that
 * is RUNNING but told to stop shows as stopping, and is listed under "stopping", not under "running".
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleClusterStateFilterBrowserTest extends AppTestProperties {
    private static final String ADMIN_PASSWORD = "admin-password-123";

    @Inject
    ConsoleServer console;
    @Inject
    UserService users;
    @Inject
    TokenService tokens;
    @Inject
    ClusterRepository clusters;
    @Inject
    ClusterInstanceRepository instances;
    @Inject
    WorkspaceRepository workspaces;
    @Inject
    UserRepository userRows;

    private HeadlessChromium browser;

    @Override
    protected Map<String, String> extraProperties() {
        // no reconciler: it would move the hand-made rows on
        return Map.of("flotilla.console.port", "-1", "flotilla.tasks.enabled", "false");
    }

    @BeforeAll
    void setUp() {
        Caller admin = tokens.authenticate(ADMIN_TOKEN).orElseThrow();
        users.update(admin, "admin", null, null, ADMIN_PASSWORD);
        // the app's test beans are not in this module's context: the helper is made by hand
        HandMadeClusters rows = new HandMadeClusters(clusters, instances, workspaces, userRows);
        rows.withRow("local", "default", "up-and-running", 0, ClusterStatus.RUNNING, ClusterTarget.RUNNING);
        rows.withRow("local", "default", "told-to-stop", 0, ClusterStatus.RUNNING, ClusterTarget.STOPPED);
        rows.withRow("local", "default", "long-gone", 0, ClusterStatus.STOPPED, ClusterTarget.STOPPED);
        browser = new HeadlessChromium("http://localhost:" + console.getPort());
    }

    @AfterAll
    void tearDown() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theFilterFollowsTheDisplayedState() {
        browser.open("/login");
        browser.input("vaadin-login-form vaadin-text-field").sendKeys("admin");
        browser.input("vaadin-login-form vaadin-password-field").sendKeys(ADMIN_PASSWORD, Keys.ENTER);
        browser.byId("tokensView");
        browser.click("navClusters");
        browser.byId("clustersView");
        browser.waitForGridCell("clustersGrid", "told-to-stop");
        assertThat(browser.gridCells("clustersGrid")).contains("up-and-running", "long-gone");

        choose("running");
        awaitNames(List.of("up-and-running"));
        choose("stopping");
        awaitNames(List.of("told-to-stop"));
        choose("stopped");
        awaitNames(List.of("long-gone"));
    }

    private void choose(String state) {
        browser.click("clusterStatusFilter");
        WebElement item = browser.waiting().until(d -> d.findElements(By.cssSelector("vaadin-select-item")).stream()
                .filter(e -> e.getText().trim().equals(state)).findFirst().orElse(null));
        item.click();
    }

    private void awaitNames(List<String> expected) {
        List<String> names = List.of("up-and-running", "told-to-stop", "long-gone");
        new WebDriverWait(browser.driver(), Duration.ofSeconds(20))
                .withMessage(() -> "the grid lists exactly " + expected + "; it shows " + browser.gridCells("clustersGrid"))
                .until(d -> names.stream().filter(browser.gridCells("clustersGrid")::contains).toList().equals(expected));
    }
}
