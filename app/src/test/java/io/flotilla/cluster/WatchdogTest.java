package io.flotilla.cluster;

import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.LocalProcesses;
import io.flotilla.testing.PythonScript;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The watchdog stops clusters for the right reason: idle, heartbeat lost; adaptive scaling follows load. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatchdogTest extends AppTestProperties {
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    EmbeddedServer server;
    @Inject
    ClusterInstanceRepository instances;
    @Inject
    ClusterRepository clusters;
    Api admin;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.local.python", PythonScript.python().toString(),
                "flotilla.clusters.heartbeat-interval", "1s",
                "flotilla.clusters.heartbeat-timeout", "6s",
                "flotilla.clusters.stop-grace", "3s");
    }

    @BeforeAll
    void setUp() {
        admin = new Api(client, ADMIN_TOKEN);
    }

    @Test
    void shortIdleTimeoutStopsWithReasonIdle() throws Exception {
        create("idle-one", Map.of("nWorkers", 0, "idleTimeoutSeconds", 3, "noClientTimeoutSeconds", 600));
        Map<String, Object> stopped = await("idle-one", c -> "stopped".equals(c.get("state")), Duration.ofSeconds(90));
        assertThat(stopped.get("reason")).isEqualTo("idle");
    }

    @Test
    void killingTheSchedulerEndsAsHeartbeatLost() throws Exception {
        create("lost-one", Map.of("nWorkers", 0, "noClientTimeoutSeconds", 600));
        Map<String, Object> running = await("lost-one", c -> "running".equals(c.get("state")), Duration.ofSeconds(90));
        Cluster cluster = clusters.findById(java.util.UUID.fromString((String) running.get("id"))).orElseThrow();
        String schedulerInstance = instances.findByClusterIdOrderByCreatedAt(cluster.id()).get(0).providerInstanceId();
        List<Long> pids = LocalProcesses.pidsOf(schedulerInstance);
        assertThat(pids).isNotEmpty();
        for (long pid : pids) {
            new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        }
        Map<String, Object> stopped = await("lost-one", c -> "stopped".equals(c.get("state")), Duration.ofSeconds(60));
        assertThat(stopped.get("reason")).isEqualTo("heartbeat lost");
    }

    @Test
    void adaptGrowsUnderLoadAndShrinksAfter() throws Exception {
        Path script = Path.of("src/test/resources/e2e/adaptive.py").toAbsolutePath();
        PythonScript.Result result = PythonScript.run(script, Map.of(
                "FLOTILLA_URL", "http://127.0.0.1:" + server.getPort(), "FLOTILLA_TOKEN", ADMIN_TOKEN,
                "FLOTILLA_WORKSPACE", "default", "FLOTILLA_CONFIG", dataDir().resolve("client.yaml").toString()),
                600, dataDir().resolve("adaptive.out"));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("ADAPT grew to 3").contains("ADAPT shrank to 1");
    }

    private void create(String name, Map<String, Object> body) {
        Map<String, Object> request = new java.util.HashMap<>(body);
        request.put("name", name);
        Api.Reply reply = admin.post("/api/v1/workspaces/default/clusters", request);
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(201);
    }

    private Map<String, Object> await(String name, Predicate<Map<String, Object>> done, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Map<String, Object> last = Map.of();
        while (Instant.now().isBefore(deadline)) {
            last = admin.get("/api/v1/workspaces/default/clusters/" + name).json();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("cluster " + name + " did not get there within " + timeout + "; last: " + last);
    }
}
