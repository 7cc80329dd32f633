package io.flotilla.provider.local;

import io.flotilla.testing.ApplianceProcess;
import io.flotilla.testing.LocalProcesses;
import io.flotilla.testing.PythonScript;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue #9 item 5, end to end as a user would meet it: an appliance as root on embedded defaults (its own
 * PostgreSQL and key file under the data directory), two local clusters started from Python, and a task on one
 * of them trying to read the key file, the database files, the appliance's log and the other cluster's key
 * files, and to connect to the database without its password.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalIsolationEndToEndTest {
    private static final String TOKEN = "flt_isolation-admin-token-0123456789";
    private final JsonMapper json = ObjectMapper.getDefault();
    private Path dataDir;
    private Path work;
    private ApplianceProcess appliance;
    private Map<String, Object> probeA;
    private Map<String, Object> identityB;
    private String health;

    @BeforeAll
    void startTwoClustersAndProbe() throws Exception {
        assumeTrue(LocalIsolation.effectiveUid() == 0, "isolation needs the appliance to run as root");
        dataDir = Files.createTempDirectory("flotilla-isolation");
        work = Files.createTempDirectory("flotilla-isolation-test");
        appliance = ApplianceProcess.start(Map.of("FLOTILLA_DATA_DIR", dataDir.toString(), "FLOTILLA_ADMIN_TOKEN", TOKEN,
                "FLOTILLA_LOCAL_PYTHON", PythonScript.python().toString(),
                "FLOTILLA_CLUSTERS_HEARTBEAT_INTERVAL", "1s", "FLOTILLA_CLUSTERS_STOP_GRACE", "3s"),
                work.resolve("appliance.out"));
        Map<String, Object> paths = new LinkedHashMap<>();
        paths.put("master.key", List.of("read", dataDir.resolve("secrets/master.key").toString()));
        paths.put("database directory", List.of("list", dataDir.resolve("postgres").toString()));
        paths.put("database file", List.of("read", dataDir.resolve("postgres/PG_VERSION").toString()));
        paths.put("data directory", List.of("list", dataDir.toString()));
        paths.put("appliance log", List.of("read", dataDir.resolve("logs/flotilla.log").toString()));
        assertThat(dataDir.resolve("postgres/PG_VERSION")).as("embedded defaults: the database").exists();
        String targets = new String(json.writeValueAsBytes(Map.of("paths", paths, "database_port", databasePort())));

        PythonScript.Result result = PythonScript.run(Path.of("src/test/resources/e2e/isolation_probe.py").toAbsolutePath(),
                Map.of("FLOTILLA_URL", appliance.baseUrl(), "FLOTILLA_TOKEN", TOKEN, "FLOTILLA_WORKSPACE", "default",
                        "FLOTILLA_CONFIG", work.resolve("client.yaml").toString(), "ISOLATION_TARGETS", targets),
                600, work.resolve("probe.out"));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(dataDir.resolve("secrets/master.key")).as("the clusters' CAs went to the embedded store").exists();
        String line = result.output().lines().filter(l -> l.startsWith("ISOLATION-REPORT ")).findFirst().orElseThrow();
        Map<String, Object> report = json.readValue(line.substring("ISOLATION-REPORT ".length()), Map.class);
        probeA = (Map<String, Object>) report.get("a");
        identityB = (Map<String, Object>) report.get("b");
        awaitStopped("iso-a");
        awaitStopped("iso-b");
        health = appliance.get("/health", TOKEN).body();
    }

    @AfterAll
    void stopAndClean() throws Exception {
        if (appliance != null) {
            appliance.close();
        }
        if (dataDir != null) {
            for (Long pid : LocalProcesses.pidsUnder(dataDir)) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // only after a failure above
            }
            deleteTree(dataDir);
            deleteTree(work);
        }
    }

    @Test
    void aTaskCannotReadTheApplianceDataNorAnotherClustersKeys() {
        Map<String, Object> files = (Map<String, Object>) probeA.get("files");
        assertThat(files).containsKeys("master.key", "database directory", "database file", "data directory",
                "appliance log", "other cluster's key directory");
        assertThat((List<?>) identityB.get("files")).as("the other cluster has key files to steal").isNotEmpty();
        assertThat(files).as("every attempt is refused by the OS").allSatisfy((what, outcome) ->
                assertThat(outcome).as(what).isEqualTo("PermissionError"));

        Number uidA = (Number) ((Map<String, Object>) probeA.get("identity")).get("uid");
        Number uidB = (Number) identityB.get("uid");
        assertThat(uidA.longValue()).as("the task is not root").isNotZero();
        assertThat(uidB.longValue()).as("the other cluster is not root").isNotZero();
        assertThat(uidA.longValue()).as("two clusters, two uids").isNotEqualTo(uidB.longValue());
        assertThat(health).as("/health details for an admin").contains("\"localIsolation\"", "\"mode\":\"isolated\"",
                "each cluster with its own uid");
    }

    /**
     * The embedded database asks for its password (scram-sha-256), so a task's connection with the empty password the
     * appliance once used is refused; against a trusting server (the code before issue #9) the task connected.
     */
    @Test
    void aTaskCannotConnectToTheDatabaseWithoutThePassword() {
        String outcome = (String) probeA.get("database");
        assertThat(outcome).as("a connection as postgres without a password, from a task").startsWith("refused: ")
                .containsPattern("(?i)password|authentication|28P01|28000|pg_hba|connection refused|can't create a connection");
    }

    /** The embedded server's port, line 4 of its postmaster.pid (the appliance prints it nowhere a task could). */
    private int databasePort() throws IOException {
        return Integer.parseInt(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(3).trim());
    }

    private void awaitStopped(String cluster) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        String body = "";
        while (Instant.now().isBefore(deadline)) {
            body = appliance.get("/api/v1/workspaces/default/clusters/" + cluster, TOKEN).body();
            Map<String, Object> state = json.readValue(body, Map.class);
            if ("stopped".equals(state.get("state")) && LocalProcesses.pidsUnder(dataDir).isEmpty()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(cluster + " did not stop with every process gone: " + body);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
