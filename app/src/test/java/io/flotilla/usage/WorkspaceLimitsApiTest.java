package io.flotilla.usage;

import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.MovableClock;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.client.HttpClient;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workspace limits through REST with the engine's task runner off (clusters stay pending, which is what admission
 * counts): refusals that name the limit, its value and the use; twenty concurrent creates against a limit that fits
 * five; warnings; stop at budget; and bad input on limits and usage reports.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkspaceLimitsApiTest extends AppTestProperties {
    private final MovableClock clock = new MovableClock();
    @Inject
    io.micronaut.runtime.server.EmbeddedServer server;
    // created once the server runs: the clock mock makes the test class a bean that is built before the server starts
    HttpClient client;
    @Inject
    BudgetWatch budgets;
    @Inject
    UsageMetrics metrics;
    Api admin;

    @MockBean(Clock.class)
    Clock clock() {
        return clock;
    }

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.tasks.enabled", "false");
    }

    @BeforeAll
    void setUp() {
        client = HttpClient.create(server.getURL());
        admin = new Api(client, ADMIN_TOKEN);
    }

    @org.junit.jupiter.api.AfterAll
    void closeClient() {
        client.close();
    }

    @Test
    void aTinyBudgetRefusesTheSecondClusterWithASentence() throws Exception {
        workspace("tiny");
        assertThat(admin.put("/api/v1/workspaces/tiny/limits", Map.of("cpuHoursPerMonth", 1)).status()).isEqualTo(200);
        Map<String, Object> first = create("tiny", "first", 0, 1);
        meter(UUID.fromString((String) first.get("id")), 1, clock.instant().minus(Duration.ofHours(2)), null);

        Api.Reply second = admin.post("/api/v1/workspaces/tiny/clusters", Map.of("name", "second", "nWorkers", 0));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.error()).isEqualTo("usage_limit_reached");
        assertThat(message(second)).contains("cpuHoursPerMonth").contains("2.00 of its 1.00 CPU-hours")
                .contains("Workspace 'tiny'");
        Map<String, Object> limits = admin.get("/api/v1/workspaces/tiny/limits").json();
        assertThat(warnings(limits)).singleElement().satisfies(w -> {
            assertThat(w.get("limit")).isEqualTo("cpuHoursPerMonth");
            assertThat(w.get("level")).isEqualTo("reached");
        });
        assertThat(admin.get("/api/v1/workspaces/tiny/clusters?limit=10").json().get("total")).as("nothing half-written")
                .isEqualTo(1);
        assertThat(admin.post("/api/v1/workspaces/tiny/clusters/first/scale", Map.of("nWorkers", 3)).status())
                .as("a scale-up is refused too").isEqualTo(409);
    }

    @Test
    void eightyPercentWarnsOnCreateAndInTheLimits() throws Exception {
        workspace("warned");
        admin.put("/api/v1/workspaces/warned/limits", Map.of("cpuHoursPerMonth", 10));
        Map<String, Object> first = create("warned", "one", 0, 1);
        meter(UUID.fromString((String) first.get("id")), 1, clock.instant().minus(Duration.ofHours(9)), null);
        Map<String, Object> second = create("warned", "two", 0, 1);
        assertThat((List<?>) second.get("usageWarnings")).singleElement().asString()
                .contains("90 %").contains("CPU-hour budget");
        assertThat(warnings(admin.get("/api/v1/workspaces/warned/limits").json())).singleElement()
                .satisfies(w -> assertThat(w.get("level")).isEqualTo("warning"));
    }

    @Test
    void twentyConcurrentCreatesAgainstALimitThatFitsFiveLetExactlyFiveThrough() throws Exception {
        workspace("crowded");
        // each cluster: a scheduler of 2 vCPUs and no workers = 2 cores; 10 fit five
        admin.put("/api/v1/workspaces/crowded/limits", Map.of("maxConcurrentCores", 10));
        List<Integer> statuses = concurrently(20, i -> admin.post("/api/v1/workspaces/crowded/clusters",
                Map.of("name", "c" + i, "nWorkers", 0, "workerCpu", 2)));
        assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(5);
        assertThat(statuses.stream().filter(s -> s == 409).count()).isEqualTo(15);
        Map<String, Object> limits = admin.get("/api/v1/workspaces/crowded/limits").json();
        assertThat(((Map<?, ?>) limits.get("use")).get("concurrentCores")).isEqualTo(10);
        Api.Reply refused = admin.post("/api/v1/workspaces/crowded/clusters", Map.of("name", "late", "nWorkers", 0, "workerCpu", 2));
        assertThat(message(refused)).isEqualTo("Workspace 'crowded' has a limit of 10 concurrent cores (maxConcurrentCores):"
                + " 10 are in use and this cluster needs 2.");
    }

    @Test
    void clustersPerUserAreCountedPerMember() throws Exception {
        workspace("peruser");
        admin.put("/api/v1/workspaces/peruser/limits", Map.of("maxClustersPerUser", 1));
        Api dora = admin.userIn("peruser", "dora-limits", "member");
        assertThat(dora.post("/api/v1/workspaces/peruser/clusters", Map.of("name", "d1", "nWorkers", 0)).status()).isEqualTo(201);
        Api.Reply second = dora.post("/api/v1/workspaces/peruser/clusters", Map.of("name", "d2", "nWorkers", 0));
        assertThat(second.status()).isEqualTo(409);
        assertThat(message(second)).contains("maxClustersPerUser").contains("you have 1");
        assertThat(admin.post("/api/v1/workspaces/peruser/clusters", Map.of("name", "a1", "nWorkers", 0)).status())
                .as("another member has their own count").isEqualTo(201);
        assertThat(dora.put("/api/v1/workspaces/peruser/limits", Map.of()).status()).as("members read, admins set").isEqualTo(403);
        assertThat(dora.get("/api/v1/workspaces/peruser/limits").json().get("canEdit")).isEqualTo(false);
    }

    @Test
    void stopAtBudgetStopsRunningClustersWithItsReason() throws Exception {
        workspace("stopper");
        Map<String, Object> running = create("stopper", "spender", 0, 1);
        Map<String, Object> bystander = create("stopper", "bystander", 0, 1);
        meter(UUID.fromString((String) running.get("id")), 4, clock.instant().minus(Duration.ofHours(1)), null);
        admin.put("/api/v1/workspaces/stopper/limits", Map.of("cpuHoursPerMonth", 2, "stopAtBudget", false));
        budgets.run();
        assertThat(admin.get("/api/v1/workspaces/stopper/clusters/spender").json().get("reason"))
                .as("left alone without stop at budget").isNull();
        admin.put("/api/v1/workspaces/stopper/limits", Map.of("cpuHoursPerMonth", 2, "stopAtBudget", true));
        budgets.run();
        for (String name : List.of("spender", "bystander")) {
            Map<String, Object> cluster = admin.get("/api/v1/workspaces/stopper/clusters/" + name).json();
            assertThat(cluster.get("reason")).as(name).isEqualTo("budget reached");
        }
        List<Map<String, Object>> events = admin.get("/api/v1/workspaces/stopper/clusters/spender/events").list();
        assertThat(events).anySatisfy(e -> assertThat((String) e.get("message")).contains("budget reached"));
        assertThat(bystander).isNotNull();
    }

    @Test
    void badLimitsAreRefusedWithASentenceAndChangeNothing() {
        workspace("strict");
        assertThat(admin.put("/api/v1/workspaces/strict/limits", Map.of("maxConcurrentCores", 8)).status()).isEqualTo(200);
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("cpuHoursPerMonth", -1),
                Map.of("gpuHoursPerMonth", 1e12), Map.of("maxConcurrentCores", 0), Map.of("maxClustersPerUser", -3),
                Map.of("cpuHoursPerMonth", 1.005), Map.of("maxConcurrentCores", "many"), Map.of("budget", 3))) {
            Api.Reply reply = admin.put("/api/v1/workspaces/strict/limits", bad);
            assertThat(reply.status()).as(bad.toString()).isEqualTo(400);
            assertThat(message(reply)).as(bad.toString()).isNotBlank();
        }
        assertThat(admin.get("/api/v1/workspaces/strict/limits").json().get("maxConcurrentCores")).isEqualTo(8);
        assertThat(admin.put("/api/v1/workspaces/strict/usage-settings", Map.of("idleGpuThresholdPercent", 25,
                "idleGpuMinutes", 15, "collectTaskPrefixes", false)).status()).isEqualTo(200);
        assertThat(admin.put("/api/v1/workspaces/strict/limits", Map.of("maxConcurrentCores", 9)).status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/workspaces/strict/usage-settings").json()).as("limits leave the settings alone")
                .containsEntry("idleGpuThresholdPercent", 25).containsEntry("collectTaskPrefixes", false);
        assertThat(admin.put("/api/v1/workspaces/strict/limits", Map.of("maxConcurrentCores", 8)).status()).isEqualTo(200);
        metrics.refresh();
        Api.TextReply scraped = admin.text(HttpMethod.GET, "/metrics", null);
        assertThat(scraped.body()).contains("flotilla_usage_limit{limit=\"maxConcurrentCores\",workspace=\"strict\"} 8.0")
                .contains("flotilla_usage_vcpu_hours_month{workspace=\"strict\"} 0.0");
    }

    @Test
    void badUsageQuestionsGetA400AndAnEmptyRangeAWellFormedAnswer() {
        workspace("asker");
        String base = "/api/v1/workspaces/asker/usage";
        for (String bad : List.of("?by=weekly", "?by=", "?until=", "?since=2026-12-05&until=2026-12-01", "?since=yesterday",
                "?since=1900-01-01&until=2026-01-01", "?limit=0", "?offset=-1", "?format=xml", "/cores?step=10s",
                "/cores?step=often", "/cores?since=2020-01-01T00:00:00Z&step=1m")) {
            Api.Reply reply = admin.get(base + bad);
            assertThat(reply.status()).as(bad).isEqualTo(400);
            assertThat(message(reply)).as(bad).isNotBlank();
        }
        Map<String, Object> empty = admin.get(base + "?by=user&since=2001-01-01&until=2001-02-01").json();
        assertThat((List<?>) empty.get("items")).isEmpty();
        assertThat(empty.get("total")).isEqualTo(0);
        assertThat((String) empty.get("costLabel")).startsWith("estimate at list price");
        Api.TextReply csv = admin.text(HttpMethod.GET, base + "?format=csv&since=2001-01-01&until=2001-02-01", null);
        assertThat(csv.code()).isEqualTo(200);
        assertThat(csv.body().strip()).isEqualTo("key,user,cluster,day,month,vcpu_hours,gpu_hours,instance_hours,estimated_cost_usd");
    }

    private void workspace(String name) {
        Api.Reply reply = admin.post("/api/v1/workspaces", Map.of("name", name));
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(201);
    }

    private Map<String, Object> create(String workspace, String name, int workers, int cpu) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "nWorkers", workers, "workerCpu", cpu));
        Api.Reply reply = admin.post("/api/v1/workspaces/" + workspace + "/clusters", body);
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(201);
        return reply.json();
    }

    /** An instance of the cluster metered from {@code launched} (to {@code terminated}, or still running). */
    private void meter(UUID clusterId, int vcpus, Instant launched, Instant terminated) throws Exception {
        UUID instance = UUID.randomUUID();
        try (Connection c = sql()) {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO cluster_instances (id, cluster_id, role, name, status,"
                    + " target, provider_instance_id, created_at, status_since) VALUES (?, ?, 'SCHEDULER', 'scheduler', 'READY',"
                    + " 'RUNNING', 'hand-made', ?, ?)")) {
                st.setObject(1, instance);
                st.setObject(2, clusterId);
                st.setTimestamp(3, Timestamp.from(launched));
                st.setTimestamp(4, Timestamp.from(launched));
                st.executeUpdate();
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO instance_meters (instance_id, cluster_id, workspace_id,"
                    + " owner_id, role, provider, region, instance_type, purchase, vcpus, gpus, launched_at, terminated_at)"
                    + " SELECT ?, id, workspace_id, owner_id, 'SCHEDULER', provider, 'local', 'local', 'local', ?, 0, ?, ?"
                    + " FROM clusters WHERE id = ?")) {
                st.setObject(1, instance);
                st.setInt(2, vcpus);
                st.setTimestamp(3, Timestamp.from(launched));
                st.setTimestamp(4, terminated == null ? null : Timestamp.from(terminated));
                st.setObject(5, clusterId);
                assertThat(st.executeUpdate()).isEqualTo(1);
            }
        }
    }

    private static String message(Api.Reply reply) {
        return (String) reply.json().get("message");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> warnings(Map<String, Object> limits) {
        return (List<Map<String, Object>>) limits.get("warnings");
    }

    private static List<Integer> concurrently(int n, java.util.function.IntFunction<Api.Reply> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<Integer> task = () -> {
                    start.await();
                    return call.apply(index).status();
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> future : futures) {
                statuses.add(future.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }
}
