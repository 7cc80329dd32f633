package io.flotilla.environment;

import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.PythonScript;
import io.flotilla.testing.MovableClock;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A build whose appliance is killed mid-build (simulated by a fault-injecting builder) stays "building" while its
 * heartbeat is fresh, is resumed once the heartbeat is stale, and fails cleanly when interrupted too often.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BuildResumeTest extends AppTestProperties {
    private static final String ENVS = "/api/v1/workspaces/default/software-environments";
    private final MovableClock clock = new MovableClock();
    @Inject
    EmbeddedServer server;
    @Inject
    FaultInjectingBuilder builder;
    @Inject
    EnvironmentBuildRepository builds;
    @Inject
    BuildLogFiles logs;
    @Inject
    BuildRunner runner;
    Api admin;

    @MockBean(Clock.class)
    Clock clock() {
        return clock;
    }

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("test.fault-injecting-builder", "true", "flotilla.environments.max-attempts", "3",
                "flotilla.local.python", PythonScript.python().toString());
    }

    @BeforeAll
    void setUp() {
        admin = new Api(HttpClient.create(server.getURL()), ADMIN_TOKEN);
    }

    @Test
    void aBuildKilledMidwayIsResumedOnceItsHeartbeatIsStale() throws Exception {
        builder.calls.set(0);
        builder.killed.set(0);
        builder.kills.set(1);
        UUID buildId = UUID.fromString(admin.post(ENVS, Map.of("name", "resumable", "pip", List.of("six"))).json()
                .get("buildId").toString());
        await(() -> builder.killed.get() == 1);
        runner.runAvailable();
        EnvironmentBuild left = builds.findById(buildId).orElseThrow();
        assertThat(left.state()).as("a fresh heartbeat: nobody takes it over").isEqualTo(BuildState.BUILDING);
        assertThat(builder.calls.get()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(3));
        await(() -> builds.findById(buildId).orElseThrow().state() == BuildState.READY);
        EnvironmentBuild done = builds.findById(buildId).orElseThrow();
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(builder.calls.get()).isEqualTo(2);
        assertThat(String.join("\n", logs.read(buildId, 0, 100))).contains("Resolved 3 packages (attempt 1)")
                .contains("# resumed (attempt 2)").contains("Resolved 3 packages (attempt 2)").contains("# ready: venv");
        assertThat(admin.get(ENVS + "/resumable").json().get("current").toString()).contains("state=ready");
    }

    @Test
    void aBuildInterruptedTooOftenFailsWithAReason() throws Exception {
        builder.calls.set(0);
        builder.killed.set(0);
        builder.kills.set(100);
        UUID buildId = UUID.fromString(admin.post(ENVS, Map.of("name", "doomed", "pip", List.of("toolz"))).json()
                .get("buildId").toString());
        for (int kill = 1; kill <= 3; kill++) {
            int expected = kill;
            await(() -> builder.killed.get() == expected);
            clock.advance(Duration.ofMinutes(3));
        }
        await(() -> builds.findById(buildId).orElseThrow().state() == BuildState.FAILED);
        EnvironmentBuild failed = builds.findById(buildId).orElseThrow();
        assertThat(failed.failure()).isEqualTo("The build was interrupted 3 times (the appliance stopped while it ran).");
        assertThat(builder.calls.get()).as("no fourth attempt").isEqualTo(3);
        Map<String, Object> cluster = admin.post("/api/v1/workspaces/default/clusters", Map.of("name", "ondoomed",
                "nWorkers", 0, "software", "doomed")).json();
        assertThat(cluster.get("state")).isEqualTo("pending");
        Map<String, Object> ended = admin.awaitClusterState("default", "ondoomed", "failed", Duration.ofSeconds(120));
        assertThat(ended.get("reason").toString()).isEqualTo("failed: software environment doomed:1 could not be built: "
                + "The build was interrupted 3 times (the appliance stopped while it ran).");
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 120 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
