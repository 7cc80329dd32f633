package io.flotilla.cluster.selfstop;

import io.flotilla.testing.ApplianceProcess;
import io.flotilla.testing.LocalProcesses;
import io.flotilla.testing.PythonScript;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dead man's switch (issue #15 item 6) on real local clusters: an appliance process killed with SIGKILL and not
 * started again leaves a scheduler whose heartbeats nobody answers; after {@code FLOTILLA_CLUSTERS_ORPHAN_SELF_STOP}
 * with no client connected it retires its workers and every process of the cluster ends by itself. An appliance that
 * comes back within that time picks the cluster up as before, and the cluster keeps running past it.
 */
class OrphanSelfStopTest {
    private static final String TOKEN = "flt_orphan-self-stop-admin-token-0123456789";
    private static final Duration SELF_STOP = Duration.ofSeconds(20);
    private final JsonMapper json = ObjectMapper.getDefault();
    private Path dataDir;
    private ApplianceProcess appliance;
    private int port; // the same across the restart: the instances know the appliance by it

    @AfterEach
    void cleanUp() throws Exception {
        if (appliance != null) {
            appliance.close();
        }
        if (dataDir != null) {
            LocalProcesses.killUnder(dataDir); // only after a failure: the test itself waits for them to end
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aSchedulerWhoseApplianceIsGoneStopsItselfAndItsWorkers() throws Exception {
        startClusterOnAppliance("orphan-gone");
        Instant killed = Instant.now();
        appliance.killHard();

        Instant deadline = killed.plus(SELF_STOP).plus(Duration.ofMinutes(3));
        while (!LocalProcesses.pidsUnder(dataDir).isEmpty()) {
            assertThat(Instant.now()).as("the cluster's processes did not end by themselves").isBefore(deadline);
            Thread.sleep(500);
        }
        assertThat(Duration.between(killed, Instant.now())).as("not before the self-stop time")
                .isGreaterThanOrEqualTo(SELF_STOP);
        List<String> logs = instanceLogs();
        assertThat(logs).as("the scheduler and the worker each say why they stopped")
                .filteredOn(log -> log.contains("this instance stops itself: no heartbeat answered by the Flotilla appliance")
                        && log.contains("no client connected")).hasSize(2);

        appliance = ApplianceProcess.start(environment(), dataDir.resolve("appliance-2.out"));
        Map<String, Object> after = awaitCluster("orphan-gone", c -> Boolean.FALSE.equals(c.get("active")));
        assertThat(after.get("state")).as("the appliance, back, finds the cluster gone").isIn("stopped", "failed");
    }

    @Test
    void aSchedulerWhoseApplianceReturnsWithinTheTimeIsPickedUp() throws Exception {
        startClusterOnAppliance("orphan-back");
        List<Long> processes = LocalProcesses.pidsUnder(dataDir);
        Instant killed = Instant.now();
        appliance.killHard();
        appliance = ApplianceProcess.start(environment(), dataDir.resolve("appliance-2.out"));
        assertThat(Duration.between(killed, Instant.now())).as("back within the self-stop time").isLessThan(SELF_STOP);

        // past the self-stop time (counted from the kill) with room for a few heartbeats, the cluster still runs
        Instant past = killed.plus(SELF_STOP).plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(past)) {
            assertThat(LocalProcesses.pidsUnder(dataDir)).as("the cluster's processes still run; at the start: "
                    + describe(processes)).isNotEmpty();
            Thread.sleep(500);
        }
        Map<String, Object> cluster = awaitCluster("orphan-back", c -> "running".equals(c.get("state")));
        assertThat(((Map<?, ?>) cluster.get("workers")).get("connected")).isEqualTo(1);
        assertThat(String.join("\n", instanceLogs())).doesNotContain("this instance stops itself");
        assertThat(LocalProcesses.pidsUnder(dataDir)).as("the same processes: " + describe(processes)).containsAll(
                processes.stream().filter(pid -> ProcessHandle.of(pid).isPresent()).toList());

        assertThat(appliance.send("POST", "/api/v1/workspaces/default/clusters/orphan-back/stop", TOKEN, "{}").statusCode())
                .isEqualTo(200);
        awaitCluster("orphan-back", c -> Boolean.TRUE.equals(c.get("finished")));
    }

    private void startClusterOnAppliance(String name) throws Exception {
        dataDir = Files.createTempDirectory("flotilla-orphan");
        port = ApplianceProcess.freePort();
        appliance = ApplianceProcess.start(environment(), dataDir.resolve("appliance-1.out"));
        String body = "{\"name\":\"" + name + "\",\"nWorkers\":1,\"noClientTimeoutSeconds\":3600,\"idleTimeoutSeconds\":3600}";
        var created = appliance.send("POST", "/api/v1/workspaces/default/clusters", TOKEN, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        awaitCluster(name, c -> "running".equals(c.get("state")) && ((Map<?, ?>) c.get("workers")).get("connected").equals(1));
    }

    private Map<String, String> environment() {
        return Map.of("FLOTILLA_DATA_DIR", dataDir.toString(), "FLOTILLA_ADMIN_TOKEN", TOKEN,
                "FLOTILLA_PORT", Integer.toString(port),
                "FLOTILLA_LOCAL_PYTHON", PythonScript.python().toString(),
                "FLOTILLA_CLUSTERS_HEARTBEAT_INTERVAL", "1s",
                "FLOTILLA_CLUSTERS_ORPHAN_SELF_STOP", SELF_STOP.toSeconds() + "s");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> awaitCluster(String name, java.util.function.Predicate<Map<String, Object>> done) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        String body = "";
        while (Instant.now().isBefore(deadline)) {
            var response = appliance.get("/api/v1/workspaces/default/clusters/" + name, TOKEN);
            body = response.body();
            if (response.statusCode() == 200) {
                Map<String, Object> cluster = json.readValue(body, Map.class);
                if (done.test(cluster)) {
                    return cluster;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("cluster " + name + " did not reach the expected state: " + body);
    }

    /** The log of each local instance under the data directory (their agent.log: the agent, then Dask). */
    private List<String> instanceLogs() throws IOException {
        List<String> logs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(p -> p.getFileName().toString().equals("agent.log")).toList()) {
                logs.add(Files.readString(file));
            }
        }
        return logs;
    }

    private static String describe(List<Long> pids) {
        StringBuilder out = new StringBuilder();
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresentOrElse(p -> out.append(pid).append(' ')
                    .append(p.info().commandLine().orElse("?")).append("; "), () -> out.append(pid).append(" (gone); "));
        }
        return out.toString();
    }
}
