package io.flotilla.environment;

import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.LocalProcesses;
import io.flotilla.testing.PythonScript;
import io.flotilla.testing.TestUv;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Package sync end to end, through a real client in a fresh environment: a local editable package the test wrote
 * (a function no public index has) is importable on the workers of a package-synced local cluster and its task
 * returns the right value; a second package-synced cluster from the same unchanged environment builds nothing.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PackageSyncEndToEndTest extends AppTestProperties {
    private static final String ENVS = "/api/v1/workspaces/default/software-environments";
    private static final String CLUSTERS = "/api/v1/workspaces/default/clusters";
    private static final String ANSWER = "synced-7f3a:38";
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    EmbeddedServer server;
    @Inject
    EnvironmentBuildRepository builds;
    @Inject
    ClusterSoftwareRepository clusterSoftware;
    Api admin;

    @Override
    protected Map<String, String> extraProperties() {
        return TestUv.localBuildProperties(Map.of("flotilla.clusters.heartbeat-interval", "1s",
                "flotilla.clusters.stop-grace", "5s"));
    }

    @BeforeAll
    void setUp() {
        admin = new Api(client, ADMIN_TOKEN);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anEditablePackageReachesTheWorkersAndASecondClusterBuildsNothing() throws Exception {
        Path work = Files.createDirectories(dataDir().resolve("package-sync-user"));
        PythonScript.Result result = PythonScript.run(Path.of("src/test/resources/e2e/package_sync_cluster.py").toAbsolutePath(),
                env(work), 1500, dataDir().resolve("package-sync.out"));
        assertThat(result.exitCode()).as(result.output()).isZero();
        String line = result.output().lines().filter(l -> l.startsWith("E2E-REPORT ")).findFirst().orElseThrow();
        Map<String, Object> report = ObjectMapper.getDefault().readValue(line.substring("E2E-REPORT ".length()), Map.class);
        Path venvs = dataDir().toRealPath().resolve("environments/venvs");
        assertThat(report.get("client_probe_file").toString()).as("editable in the client's environment")
                .startsWith(work.toRealPath().resolve("probe").toString());

        Map<String, Object> first = (Map<String, Object>) report.get("sync-a");
        Map<String, Object> second = (Map<String, Object>) report.get("sync-b");
        for (Map<String, Object> cluster : List.of(first, second)) {
            assertThat(cluster.get("answer")).isEqualTo(ANSWER);
            assertThat(cluster.get("probe_file").toString()).as("installed from its wheel in the built environment")
                    .startsWith(venvs.toString());
            assertThat(cluster.get("executable").toString()).startsWith(venvs.toString());
        }
        String software = first.get("software").toString();
        assertThat(software).startsWith("package-sync-");
        assertThat(second.get("software")).isEqualTo(software);

        Map<String, Object> detail = admin.get(ENVS + "/" + software).json();
        List<Map<String, Object>> versions = (List<Map<String, Object>>) detail.get("versions");
        assertThat(versions).hasSize(1);
        Map<String, Object> version = versions.get(0);
        assertThat(version.get("state")).isEqualTo("ready");
        assertThat(software).isEqualTo("package-sync-" + version.get("specHash").toString().substring(0, 12));
        assertThat((List<Object>) detail.get("builds")).hasSize(1);
        List<EnvironmentBuild> all = StreamSupport.stream(builds.findAll().spliterator(), false).toList();
        assertThat(all).as("builds of this appliance").hasSize(1);
        assertThat(all.get(0).specHash()).isEqualTo(version.get("specHash"));

        UUID buildId = UUID.fromString(version.get("buildId").toString());
        for (String name : List.of("sync-a", "sync-b")) {
            Map<String, Object> cluster = admin.get(CLUSTERS + "/" + name).json();
            ClusterSoftware used = clusterSoftware.findById(UUID.fromString(cluster.get("id").toString())).orElseThrow();
            assertThat(used.environmentName()).isEqualTo(software);
            assertThat(used.environmentVersion()).isEqualTo(version.get("version"));
            assertThat(used.buildId()).isEqualTo(buildId);
            admin.awaitClusterState("default", name, "stopped", Duration.ofSeconds(180));
        }
        assertThat(admin.get(CLUSTERS + "/sync-b/events").list()).extracting(e -> e.get("kind"))
                .as("the second cluster did not wait for a build").doesNotContain("software-wait");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!LocalProcesses.pidsUnder(dataDir()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertThat(LocalProcesses.pidsUnder(dataDir())).as("processes of the clusters left running").isEmpty();
    }

    private Map<String, String> env(Path work) {
        return Map.of("FLOTILLA_URL", "http://127.0.0.1:" + server.getPort(), "FLOTILLA_TOKEN", ADMIN_TOKEN,
                "FLOTILLA_WORKSPACE", "default", "FLOTILLA_CONFIG", dataDir().resolve("client.yaml").toString(),
                "E2E_WORK", work.toString(), "E2E_UV", TestUv.path().toString(),
                "E2E_BASE_PYTHON", TestUv.baseInterpreter(),
                "E2E_CLIENT", Path.of("..", "client").toAbsolutePath().normalize().toString(),
                "E2E_REQUIREMENTS", Path.of("src/main/resources/runtime/requirements.txt").toAbsolutePath().toString());
    }
}
