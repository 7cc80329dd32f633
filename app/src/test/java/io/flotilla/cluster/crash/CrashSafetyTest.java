package io.flotilla.cluster.crash;

import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.InstanceState;
import io.flotilla.provider.LaunchRequest;
import io.flotilla.provider.ObservedInstance;
import io.flotilla.provider.AgentBoot;
import io.flotilla.provider.ResourceTags;
import io.flotilla.provider.local.LocalComputeProvider;
import io.flotilla.provider.local.LocalInstancePaths;
import io.flotilla.provider.local.LocalProviderConfig;
import io.flotilla.testing.ApplianceProcess;
import io.flotilla.testing.LocalProcesses;
import io.flotilla.testing.PythonScript;
import io.flotilla.testing.TestDatabase;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 the appliance at each provisioning step in turn; after a restart every cluster reaches its
 * target and no process is left that the database does not know. A tagged process without a row is swept.
 */
class CrashSafetyTest {
    private static final String TOKEN = "flt_crash-test-admin-token-0123456789";

    @ParameterizedTest(name = "crash {0}, then the cluster still comes up")
    @ValueSource(strings = {"before-launch:scheduler", "after-launch:scheduler", "before-launch:worker", "after-launch:worker"})
    void crashDuringProvisioning(String crashAt, @TempDir Path dataDir) throws Exception {
        String db = TestDatabase.newDatabase();
        Path out = dataDir.resolve("appliance.out");
        try (ApplianceProcess first = ApplianceProcess.startNoWait(env(dataDir, db, crashAt), out)) {
            first.awaitHealthy();
            assertThat(first.send("POST", "/api/v1/workspaces/default/clusters", TOKEN,
                    "{\"name\":\"crashy\",\"nWorkers\":2,\"noClientTimeoutSeconds\":600}").statusCode()).isEqualTo(201);
            assertThat(first.awaitExit(Duration.ofSeconds(120))).as("the appliance died at " + crashAt).isEqualTo(137);
        }
        try (ApplianceProcess second = ApplianceProcess.start(env(dataDir, db, null), out)) {
            awaitCluster(second, c -> c.contains("\"state\":\"running\"") && c.contains("\"connected\":2"), Duration.ofSeconds(120));
            assertOnlyKnownProcesses(db, dataDir);
            assertThat(liveRows(db)).as("one scheduler and two workers, no duplicates").hasSize(3);
            second.send("POST", "/api/v1/workspaces/default/clusters/crashy/stop", TOKEN, "{}");
            awaitCluster(second, c -> c.contains("\"state\":\"stopped\""), Duration.ofSeconds(60));
            assertThat(LocalProcesses.pidsUnder(dataDir)).as("no process left").isEmpty();
        } finally {
            killAll(dataDir);
        }
    }

    @Test
    void crashWhileStoppingStillEndsStoppedAndOrphansAreSwept(@TempDir Path dataDir) throws Exception {
        String db = TestDatabase.newDatabase();
        Path out = dataDir.resolve("appliance.out");
        try (ApplianceProcess first = ApplianceProcess.start(env(dataDir, db, "before-terminate"), out)) {
            first.send("POST", "/api/v1/workspaces/default/clusters", TOKEN,
                    "{\"name\":\"stopper\",\"nWorkers\":1,\"noClientTimeoutSeconds\":600}");
            awaitCluster(first, c -> c.contains("\"state\":\"running\"") && c.contains("\"connected\":1"), Duration.ofSeconds(120), "stopper");
            first.send("POST", "/api/v1/workspaces/default/clusters/stopper/stop", TOKEN, "{}");
            assertThat(first.awaitExit(Duration.ofSeconds(120))).isEqualTo(137);
        }
        LocalComputeProvider outside = provider(dataDir);
        String applianceId = applianceId(db);
        String orphan = outside.launch(new LaunchRequest("orphan-1", "orphan", InstanceRole.WORKER, null,
                Map.of(ResourceTags.APPLIANCE, applianceId, ResourceTags.CLUSTER, "00000000-0000-0000-0000-000000000000"),
                new AgentBoot("http://127.0.0.1:9", "not-a-token"))).instanceId();
        String foreign = outside.launch(new LaunchRequest("foreign-1", "foreign", InstanceRole.WORKER, null,
                Map.of(ResourceTags.APPLIANCE, "someone-else"), new AgentBoot("http://127.0.0.1:9", "not-a-token"))).instanceId();
        try (ApplianceProcess second = ApplianceProcess.start(env(dataDir, db, null), out)) {
            awaitCluster(second, c -> c.contains("\"state\":\"stopped\""), Duration.ofSeconds(90), "stopper");
            Instant deadline = Instant.now().plusSeconds(60);
            while (state(outside, orphan) != InstanceState.TERMINATED && Instant.now().isBefore(deadline)) {
                Thread.sleep(500);
            }
            assertThat(state(outside, orphan)).as("a tagged process with no row is swept").isEqualTo(InstanceState.TERMINATED);
            assertThat(state(outside, foreign)).as("another appliance's process is never touched").isNotEqualTo(InstanceState.TERMINATED);
        } finally {
            outside.terminate(List.of(foreign, orphan));
            killAll(dataDir);
        }
    }

    /** The appliance keeps its address across the restart, as a real installation does: instances know it. */
    private final Map<Path, String> ports = new java.util.concurrent.ConcurrentHashMap<>();

    private Map<String, String> env(Path dataDir, String db, String crashAt) {
        Map<String, String> env = new HashMap<>(Map.of(
                "FLOTILLA_DATA_DIR", dataDir.toString(), "FLOTILLA_ADMIN_TOKEN", TOKEN,
                "FLOTILLA_DATABASE_URL", db, "FLOTILLA_DATABASE_USER", "postgres", "FLOTILLA_DATABASE_PASSWORD", "",
                "FLOTILLA_LOCAL_PYTHON", PythonScript.python().toString(),
                "FLOTILLA_CLUSTERS_HEARTBEAT_INTERVAL", "1s", "FLOTILLA_CLUSTERS_STOP_GRACE", "3s",
                "FLOTILLA_CLUSTERS_ORPHAN_GRACE", "2s"));
        env.put("FLOTILLA_PORT", ports.computeIfAbsent(dataDir, d -> {
            try {
                return Integer.toString(ApplianceProcess.freePort());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
        if (crashAt != null) {
            env.put("FLOTILLA_TEST_CRASH_AT", crashAt);
        }
        return env;
    }

    private static void awaitCluster(ApplianceProcess appliance, java.util.function.Predicate<String> done, Duration timeout)
            throws Exception {
        awaitCluster(appliance, done, timeout, "crashy");
    }

    private static void awaitCluster(ApplianceProcess appliance, java.util.function.Predicate<String> done, Duration timeout,
                                     String name) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = appliance.get("/api/v1/workspaces/default/clusters/" + name, TOKEN);
            last = response.body().replace(" ", "");
            if (done.test(last)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("cluster " + name + " did not get there in " + timeout + ": " + last);
    }

    /** Every live process of a local instance belongs to a live row, and every live row has exactly its process group. */
    private static void assertOnlyKnownProcesses(String db, Path dataDir) throws Exception {
        Set<String> rows = liveRows(db);
        Set<String> running = new HashSet<>();
        for (long pid : LocalProcesses.pidsUnder(dataDir)) {
            running.add(instanceIdOf(pid));
        }
        assertThat(running).as("processes the database knows").isEqualTo(rows);
    }

    private static Set<String> liveRows(String db) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection(db, "postgres", "");
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT provider_instance_id FROM cluster_instances WHERE status <> 'STOPPED'")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static String applianceId(String db) throws Exception {
        try (Connection c = DriverManager.getConnection(db, "postgres", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT id FROM appliance")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String instanceIdOf(long pid) throws Exception {
        String environ = new String(java.nio.file.Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")));
        for (String entry : environ.split("\0")) {
            if (entry.startsWith("FLOTILLA_INSTANCE_ID=")) {
                return entry.substring("FLOTILLA_INSTANCE_ID=".length());
            }
        }
        return "?";
    }

    private static LocalComputeProvider provider(Path dataDir) {
        LocalProviderConfig config = new LocalProviderConfig();
        config.setTerminateGrace(Duration.ofSeconds(2));
        // under runtime/, which isolated instances may read and execute (the rest of the data dir they may not)
        Path sleeper = dataDir.resolve("runtime").resolve("sleeper.sh");
        try {
            java.nio.file.Files.createDirectories(sleeper.getParent());
            java.nio.file.Files.writeString(sleeper, "#!/bin/sh\nexec sleep 600\n");
            sleeper.toFile().setExecutable(true, false);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return new LocalComputeProvider(new LocalInstancePaths(dataDir), config, () -> sleeper,
                io.flotilla.provider.local.LocalIsolation.forThisProcess(config, dataDir), Clock.systemUTC(),
                ObjectMapper.getDefault());
    }

    private static InstanceState state(LocalComputeProvider provider, String instanceId) {
        return provider.list(Map.of()).stream().filter(o -> o.instanceId().equals(instanceId))
                .map(ObservedInstance::state).findFirst().orElse(InstanceState.TERMINATED);
    }

    private static void killAll(Path dataDir) {
        LocalProcesses.killUnder(dataDir);
    }
}
