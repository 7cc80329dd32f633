package io.flotilla.usage;

import io.flotilla.cluster.ClusterInstanceRepository;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.LocalProcesses;
import io.flotilla.testing.MovableClock;
import io.flotilla.testing.PythonScript;
import io.micronaut.http.client.HttpClient;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Metering from instance lifetimes on real local clusters, with the appliance clock moved instead of waiting hours:
 * the running total grows with the clock and is final when the cluster stops; a cluster whose scheduler was killed
 * is metered until its instances were terminated, not until its last heartbeat.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalClusterMeteringTest extends AppTestProperties {
    private final MovableClock clock = new MovableClock();
    @Inject
    io.micronaut.runtime.server.EmbeddedServer server;
    // created once the server runs: the clock mock makes the test class a bean that is built before the server starts
    HttpClient client;
    @Inject
    ClusterInstanceRepository instances;
    @Inject
    BudgetWatch budgets;
    Api admin;

    /**
     * Puts the clock back where it was: a cluster's TLS certificates start at the appliance clock, so a cluster created
     * while it runs ahead would hold certificates its own processes find "not yet valid".
     */
    @org.junit.jupiter.api.AfterEach
    void rewindClock() {
        clock.advance(Duration.between(clock.instant(), java.time.Instant.now()));
    }

    @MockBean(Clock.class)
    Clock clock() {
        return clock;
    }

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.local.python", PythonScript.python().toString(),
                "flotilla.clusters.heartbeat-interval", "1s",
                "flotilla.clusters.heartbeat-timeout", "2h",
                "flotilla.clusters.stop-grace", "3s");
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
    void twoWorkersOfKnownSizeAreMeteredAsVcpusTimesHours() throws Exception {
        Map<String, Object> running = start("metered", 2);
        clock.advance(Duration.ofMinutes(90));
        // 2 workers and a scheduler of 2 vCPUs each for 1.5 h (the clock stands still between moves)
        Map<String, Object> usage = usage("metered");
        assertThat(((Number) usage.get("vcpuHours")).doubleValue()).isCloseTo(3 * 2 * 1.5, within(3 * 2 * 1.5 * 0.02));
        assertThat(usage.get("complete")).isEqualTo(false);
        assertThat(usage.get("runningVcpus")).isEqualTo(6);
        assertThat((String) usage.get("costLabel")).startsWith("estimate at list price");

        clock.advance(Duration.ofMinutes(30));
        assertThat(((Number) usage("metered").get("vcpuHours")).doubleValue()).as("grows while it runs")
                .isCloseTo(12.0, within(12 * 0.02));
        assertThat(admin.post("/api/v1/workspaces/default/clusters/metered/stop", Map.of()).status()).isEqualTo(200);
        admin.awaitClusterState("default", "metered", "stopped", Duration.ofSeconds(120));
        Map<String, Object> done = usage("metered");
        assertThat(done.get("complete")).isEqualTo(true);
        assertThat(((Number) done.get("vcpuHours")).doubleValue()).isCloseTo(12.0, within(12 * 0.02));
        clock.advance(Duration.ofHours(5));
        assertThat(((Number) usage("metered").get("vcpuHours")).doubleValue()).as("final once stopped")
                .isEqualTo(((Number) done.get("vcpuHours")).doubleValue());

        Map<String, Object> report = admin.get("/api/v1/workspaces/default/usage?by=cluster&since="
                + java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC).minusDays(2)).json();
        Map<String, Object> row = rows(report).stream().filter(r -> "metered".equals(r.get("cluster"))).findFirst().orElseThrow();
        assertThat(((Number) row.get("vcpuHours")).doubleValue()).isEqualTo(((Number) done.get("vcpuHours")).doubleValue());
        assertThat(((Number) row.get("instanceHours")).doubleValue()).isCloseTo(6.0, within(6 * 0.02));
        assertThat(running.get("usage")).as("the cluster answer carries its usage").isNotNull();
    }

    @Test
    void aClusterWhoseSchedulerWasKilledIsMeteredUntilItsInstancesEnd() throws Exception {
        Map<String, Object> running = start("killed", 1);
        UUID clusterId = UUID.fromString((String) running.get("id"));
        clock.advance(Duration.ofHours(1));
        String scheduler = instances.findByClusterIdOrderByCreatedAt(clusterId).get(0).providerInstanceId();
        List<Long> pids = LocalProcesses.pidsOf(scheduler);
        assertThat(pids).isNotEmpty();
        for (long pid : pids) {
            new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        }
        // no heartbeat after the first hour; the watchdog ends the cluster only once the clock passes the timeout
        clock.advance(Duration.ofHours(3));
        Map<String, Object> stopped = admin.awaitClusterState("default", "killed", "stopped", Duration.ofSeconds(120));
        assertThat(stopped.get("reason")).isEqualTo("heartbeat lost");
        Map<String, Object> usage = usage("killed");
        assertThat(usage.get("complete")).isEqualTo(true);
        // scheduler and worker, 2 vCPUs each, launched 4 h before they were terminated (heartbeats stopped after 1 h)
        assertThat(((Number) usage.get("vcpuHours")).doubleValue()).isCloseTo(2 * 2 * 4.0, within(16 * 0.02));
    }

    @Test
    void stopAtBudgetStopsARunningClusterWithItsReason() throws Exception {
        assertThat(admin.post("/api/v1/workspaces", Map.of("name", "budgeted")).status()).isEqualTo(201);
        start("budgeted", "spender", 0);
        assertThat(admin.put("/api/v1/workspaces/budgeted/limits", Map.of("cpuHoursPerMonth", 1, "stopAtBudget", true))
                .status()).isEqualTo(200);
        budgets.run();
        assertThat(admin.get("/api/v1/workspaces/budgeted/clusters/spender").json().get("state")).as("within budget")
                .isEqualTo("running");
        clock.advance(Duration.ofHours(1)); // a scheduler of 2 vCPUs for an hour: 2 of the 1 CPU-hours
        budgets.run();
        Map<String, Object> stopped = admin.awaitClusterState("budgeted", "spender", "stopped", Duration.ofSeconds(120));
        assertThat(stopped.get("reason")).isEqualTo("budget reached");
        assertThat(admin.get("/api/v1/workspaces/budgeted/clusters/spender/events").list())
                .anySatisfy(e -> assertThat((String) e.get("message")).contains("CPU-hour budget"));
    }

    private Map<String, Object> start(String name, int workers) throws InterruptedException {
        return start("default", name, workers);
    }

    private Map<String, Object> start(String workspace, String name, int workers) throws InterruptedException {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "nWorkers", workers, "workerCpu", 2,
                "idleTimeoutSeconds", 30 * 24 * 3600, "noClientTimeoutSeconds", 30 * 24 * 3600));
        Api.Reply created = admin.post("/api/v1/workspaces/" + workspace + "/clusters", body);
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        admin.awaitClusterState(workspace, name, "running", Duration.ofSeconds(180));
        // every worker launched (checkpointed): the meters all start at the same (standing) clock
        io.flotilla.testing.Api.Reply reply;
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(180);
        do {
            reply = admin.get("/api/v1/workspaces/" + workspace + "/clusters/" + name);
        } while (((Number) ((Map<?, ?>) reply.json().get("workers")).get("connected")).intValue() < workers
                && java.time.Instant.now().isBefore(deadline) && pause());
        return reply.json();
    }

    private static boolean pause() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    private Map<String, Object> usage(String name) {
        @SuppressWarnings("unchecked")
        Map<String, Object> usage = (Map<String, Object>) admin.get("/api/v1/workspaces/default/clusters/" + name).json().get("usage");
        return usage;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Map<String, Object> report) {
        return (List<Map<String, Object>>) report.get("items");
    }
}
