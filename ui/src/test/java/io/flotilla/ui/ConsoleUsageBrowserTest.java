package io.flotilla.ui;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstanceRepository;
import io.flotilla.cluster.ClusterRepository;
import io.flotilla.cluster.ClusterService;
import io.flotilla.cluster.ClusterSpecValidator;
import io.flotilla.cluster.ClusterState;
import io.flotilla.identity.Caller;
import io.flotilla.identity.Role;
import io.flotilla.identity.TokenService;
import io.flotilla.identity.UserRepository;
import io.flotilla.identity.UserService;
import io.flotilla.identity.WorkspaceRepository;
import io.flotilla.identity.WorkspaceService;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.MeteredHistory;
import io.flotilla.testing.PythonScript;
import io.flotilla.ui.server.ConsoleServer;
import io.flotilla.usage.ClusterUsage;
import io.flotilla.usage.LimitWarning;
import io.flotilla.usage.LimitsService;
import io.flotilla.usage.LimitsUpdate;
import io.flotilla.usage.UsageService;
import io.flotilla.usage.WorkspaceLimits;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The usage page and the cluster page's running totals in headless Chromium, against a real appliance: metered
 * history of two users (written to the database) and a real local cluster. The page's charts are fetched from their
 * image addresses and decoded (PNG, 800×320), its table holds exactly the rows of {@code GET .../usage}, the banner
 * shows the limit warnings, admins change limits in the form and members only read them; the cluster page's totals
 * grow while the cluster runs and are final once it stopped.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleUsageBrowserTest extends AppTestProperties {
    private static final String ADMIN_PASSWORD = "admin-password-123";
    private static final String MEMBER = "usage-member";
    private static final String MEMBER_PASSWORD = "member-password-123";
    private static final String CLUSTER = "usage-live";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    @Inject
    ConsoleServer console;
    @Inject
    UserService users;
    @Inject
    TokenService tokens;
    @Inject
    WorkspaceService workspaces;
    @Inject
    ClusterService clusters;
    @Inject
    UsageService usage;
    @Inject
    LimitsService limits;
    @Inject
    ClusterRepository clusterRows;
    @Inject
    ClusterInstanceRepository instanceRows;
    @Inject
    WorkspaceRepository workspaceRows;
    @Inject
    UserRepository userRows;
    @Inject
    JdbcOperations jdbc;
    @Inject
    TransactionOperations<Connection> transactions;
    @Inject
    @Client("/")
    HttpClient client;

    private HeadlessChromium browser;
    private Caller admin;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.console.port", "-1",
                "flotilla.local.python", PythonScript.python().toString(),
                "flotilla.clusters.heartbeat-interval", "1s");
    }

    @BeforeAll
    void setUp() throws Exception {
        admin = tokens.authenticate(ADMIN_TOKEN).orElseThrow();
        users.update(admin, "admin", null, null, ADMIN_PASSWORD);
        users.create(admin, MEMBER, "Usage member", MEMBER_PASSWORD, false);
        workspaces.putMember(admin, "default", MEMBER, Role.MEMBER);
        // the app's test beans are not in this module's context: the helper is made by hand
        MeteredHistory history = new MeteredHistory(clusterRows, instanceRows, workspaceRows, userRows, jdbc, transactions);
        // history inside this month (UTC), ending a minute ago, however early in the month the test runs
        Instant now = Instant.now();
        Instant monthStart = LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = now.minusSeconds(60);
        Instant start = max(monthStart, end.minus(Duration.ofHours(3)));
        history.ran("default", "admin", "etl", 2, 4, 0, start, end);
        history.ran("default", MEMBER, "train", 1, 8, 1, max(start, end.minus(Duration.ofHours(2))), end);
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
    @Order(1)
    void theClusterPageShowsRunningTotalsThatGrowAndThenStayFinal() throws InterruptedException {
        signIn("admin", ADMIN_PASSWORD);
        browser.byId("tokensView");
        browser.open("/clusters/" + CLUSTER);
        browser.byId("clusterDetailView");
        browser.waiting().withMessage("running totals").until(d -> browser.byId("clusterVcpuHours").getText().contains("so far"));
        String first = browser.byId("clusterVcpuHours").getText();
        assertThat(first).matches("\\d+\\.\\d{3} so far \\(\\d+ vCPUs running\\)");
        assertThat(browser.byId("clusterCostLabel").getText()).isEqualTo(usage.ofCluster(admin, "default", CLUSTER).costLabel());
        browser.waiting().withMessage("the vCPU-hours grow while the cluster runs (live polling)")
                .until(d -> !browser.byId("clusterVcpuHours").getText().equals(first));
        assertThat(number(browser.byId("clusterVcpuHours").getText())).isGreaterThan(number(first));
        browser.screenshot("usage-cluster-running");

        clusters.stop(admin, "default", CLUSTER, null);
        await(c -> c.state() == ClusterState.STOPPED, Duration.ofSeconds(60));
        ClusterUsage done = awaitComplete();
        browser.waiting().withMessage("final totals once stopped")
                .until(d -> browser.byId("clusterVcpuHours").getText().equals(hours3(done.vcpuHours())));
        assertThat(browser.byId("clusterGpuHours").getText()).isEqualTo(hours3(done.gpuHours()));
        assertThat(browser.byId("clusterCost").getText())
                .isEqualTo(String.format(Locale.ROOT, "%.2f %s", done.estimatedCost(), done.currency()));
        browser.screenshot("usage-cluster-stopped");
    }

    @Test
    @Order(2)
    void theUsagePageShowsChartsTheReportsRowsTheWarningsAndTheLimits() throws Exception {
        WorkspaceLimits before = limits.get(admin, "default");
        double used = before.use().cpuHoursThisMonth();
        assertThat(used).as("history and the stopped cluster are metered").isGreaterThan(1);
        // 80 % of the CPU budget used: a warning; the GPU budget used up: reached
        limits.set(admin, "default", new LimitsUpdate(BigDecimal.valueOf(used / 0.85).setScale(2, RoundingMode.HALF_UP),
                BigDecimal.ONE, null, null, false));
        List<LimitWarning> warnings = limits.get(admin, "default").warnings();
        assertThat(warnings).extracting(LimitWarning::limit, LimitWarning::level)
                .contains(org.assertj.core.groups.Tuple.tuple("cpuHoursPerMonth", "warning"),
                        org.assertj.core.groups.Tuple.tuple("gpuHoursPerMonth", "reached"));

        browser.signOutHard();
        signIn("admin", ADMIN_PASSWORD);
        browser.byId("tokensView");
        browser.click("navUsage");
        browser.byId("usageView");
        for (LimitWarning w : warnings) {
            WebElement line = browser.byId("usageWarning-" + w.limit());
            assertThat(line.getText()).isEqualTo(w.message());
            assertThat(line.getDomAttribute("data-level")).isEqualTo(w.level());
        }
        for (String chart : List.of("chartDailyCpu", "chartMonthlyCost", "chartCores")) {
            BufferedImage image = fetchImage(chart);
            assertThat(image.getWidth()).as(chart + " width").isEqualTo(800);
            assertThat(image.getHeight()).as(chart + " height").isEqualTo(320);
        }
        String since = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).toString();
        Map<String, Object> report = new Api(client, ADMIN_TOKEN).get("/api/v1/workspaces/default/usage?by=user&since=" + since).json();
        List<String> expected = new ArrayList<>(List.of("Key", "User", "Cluster", "vCPU-hours", "GPU-hours", "Instance-hours",
                "Estimated cost"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) report.get("items");
        assertThat(items).extracting(i -> i.get("key")).containsExactlyInAnyOrder("admin", MEMBER);
        for (Map<String, Object> item : items) {
            expected.addAll(List.of(text(item.get("key")), text(item.get("user")), text(item.get("cluster")),
                    hours2(item.get("vcpuHours")), hours2(item.get("gpuHours")), hours2(item.get("instanceHours")),
                    hours2(item.get("estimatedCost"))));
        }
        browser.waiting().withMessage(() -> "the table holds the report's rows " + expected + "; it shows "
                        + browser.gridCells("usageGrid"))
                .until(d -> rows(browser.gridCells("usageGrid")).equals(rows(expected)));
        assertThat(browser.byId("usageCostLabel").getText()).contains(report.get("costLabel").toString());
        browser.screenshot("usage-admin");

        // an admin changes a limit in the form; the service has it
        WebElement maxClusters = browser.input("#limitMaxClusters");
        maxClusters.sendKeys(Keys.chord(Keys.CONTROL, "a"), "5");
        browser.click("saveLimitsButton");
        browser.waitForNotification("Saved the limits of default.");
        assertThat(limits.get(admin, "default").maxClustersPerUser()).isEqualTo(5);

        // a member sees the same limits, read-only
        browser.signOutHard();
        signIn(MEMBER, MEMBER_PASSWORD);
        browser.byId("tokensView");
        browser.open("/usage");
        browser.byId("usageView");
        browser.waiting().withMessage("the member's hint").until(d -> browser.byId("limitsHint").getText()
                .equals("Only admins of this workspace can change its limits."));
        assertThat(browser.byId("limitMaxClusters").getDomProperty("readonly")).isEqualTo("true");
        assertThat(browser.driver().findElements(By.id("saveLimitsButton"))).noneMatch(WebElement::isDisplayed);
        assertThat(fetchImage("chartCores").getWidth()).isEqualTo(800);
        browser.screenshot("usage-member");
    }

    /** Fetches the image's address in the page's session and decodes the PNG it answers. */
    private BufferedImage fetchImage(String id) throws IOException {
        browser.waiting().withMessage(id + " has an address").until(d -> {
            String src = browser.byId(id).getDomAttribute("src");
            return src != null && !src.isBlank();
        });
        Object data = browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(document.getElementById(arguments[0]).src, {credentials: 'same-origin'})
                  .then(r => r.arrayBuffer().then(body => {
                    let bytes = '';
                    new Uint8Array(body).forEach(x => bytes += String.fromCharCode(x));
                    done(r.headers.get('content-type') + '|' + r.status + '|' + btoa(bytes));
                  }))
                  .catch(e => done('error|' + e + '|'));
                """, id);
        String[] parts = data.toString().split("\\|", 3);
        assertThat(parts[0]).as(id + " content type").startsWith("image/png");
        assertThat(parts[1]).as(id + " status").isEqualTo("200");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(parts[2])));
        assertThat(image).as(id + " decodes as an image").isNotNull();
        return image;
    }

    private ClusterUsage awaitComplete() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        ClusterUsage last = null;
        while (Instant.now().isBefore(deadline)) {
            last = usage.ofCluster(admin, "default", CLUSTER);
            if (last.complete()) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the stopped cluster's usage is not final within 60 s: " + last);
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

    private void signIn(String username, String password) {
        browser.open("/login");
        browser.input("vaadin-login-form vaadin-text-field").sendKeys(username);
        browser.input("vaadin-login-form vaadin-password-field").sendKeys(password, Keys.ENTER);
    }

    /**
     * The cells in rows of the table's seven columns, sorted (the grid's DOM need not keep the rows' order), without
     * the grid's empty footer cells.
     */
    private static List<List<String>> rows(List<String> cells) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i + 7 <= cells.size(); i += 7) {
            List<String> row = cells.subList(i, i + 7);
            if (!row.stream().allMatch(String::isEmpty)) {
                rows.add(row);
            }
        }
        return rows.stream().sorted(java.util.Comparator.comparing(Object::toString)).toList();
    }

        private static double number(String text) {
        return Double.parseDouble(text.split(" ")[0]);
    }

    private static String hours3(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String hours2(Object value) {
        return String.format(Locale.ROOT, "%.2f", ((Number) value).doubleValue());
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
