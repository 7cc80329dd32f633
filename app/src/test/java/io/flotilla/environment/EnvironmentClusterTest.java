package io.flotilla.environment;

import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.PythonScript;
import io.flotilla.testing.TestUv;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real builds with uv: a cluster on an environment with a package the runtime lacks imports it in a task (on the
 * environment's own python); a package that does not exist fails the build with uv's own error, shown by REST and
 * the CLI, and a cluster on that environment fails naming it.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnvironmentClusterTest extends AppTestProperties {
    private static final String ENVS = "/api/v1/workspaces/default/software-environments";
    private static final String CLUSTERS = "/api/v1/workspaces/default/clusters";
    private static final String MISSING = "flotilla-test-no-such-package-zq";
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    EmbeddedServer server;
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
    void aClusterOnAnEnvironmentImportsItsExtraPackage() throws Exception {
        assertThat(admin.post(ENVS, Map.of("name", "tables", "pip", List.of("tabulate==0.9.0"))).status()).isEqualTo(201);
        PythonScript.Result result = PythonScript.run(Path.of("src/test/resources/e2e/software_cluster.py").toAbsolutePath(),
                env(), 900, dataDir().resolve("software.out"));
        assertThat(result.exitCode()).as(result.output()).isZero();
        String report = result.output().lines().filter(l -> l.startsWith("E2E-REPORT ")).findFirst().orElseThrow();
        Path venvs = dataDir().toRealPath().resolve("environments/venvs");
        assertThat(report).contains("\"table\": \"1  2\"").contains("\"tabulate_file\": \"" + venvs)
                .contains("\"executable\": \"" + venvs).contains("\"envs\": [\"tables\"]")
                .contains("\"delete_while_running\": \"409: ").contains("Software environment 'tables' is used by cluster soft");
        assertThat(admin.get(CLUSTERS + "/soft/events").list()).extracting(e -> e.get("kind")).contains("software-wait");
        admin.awaitClusterState("default", "soft", "stopped", Duration.ofSeconds(120));
        assertThat(admin.delete(ENVS + "/tables").status()).isEqualTo(204);
        assertThat(admin.get(ENVS + "/tables").status()).isEqualTo(404);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMissingPackageFailsTheBuildWithUvsErrorAndNoClusterStartsOnIt() throws Exception {
        Map<String, Object> env = admin.post(ENVS, Map.of("name", "broken", "pip", List.of(MISSING + "==1.0"))).json();
        Map<String, Object> current = awaitFinished("broken");
        assertThat(current.get("state")).isEqualTo("failed");
        assertThat(current.get("failure").toString()).contains("uv could not install the requirements").contains(MISSING);
        Map<String, Object> log = admin.get(ENVS + "/broken/builds/" + env.get("buildId") + "/logs").json();
        String lines = String.join("\n", (List<String>) log.get("lines"));
        assertThat(lines).contains("No solution found").contains(MISSING);
        assertThat(log).containsEntry("finished", true).containsEntry("state", "failed");

        assertThat(admin.post(CLUSTERS, Map.of("name", "onbroken", "nWorkers", 1, "software", "broken")).status()).isEqualTo(201);
        Map<String, Object> cluster = admin.awaitClusterState("default", "onbroken", "failed", Duration.ofSeconds(120));
        assertThat(cluster.get("reason").toString()).contains("software environment broken:1 could not be built")
                .contains(MISSING);
        assertThat(admin.get(CLUSTERS + "/onbroken/events").list()).extracting(e -> e.get("kind")).doesNotContain("instance");

        ProcessBuilder command = new ProcessBuilder(PythonScript.python().toString(), "-m", "flotilla.cli", "env", "logs", "broken")
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        command.environment().putAll(env());
        Process cli = command.start();
        String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cli.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("No solution found").contains("The build failed: uv could not install the requirements");
        assertThat(cli.exitValue()).isEqualTo(1);
    }

    /** The CLI a user reaches for: create (following the build), list, inspect and delete against this appliance. */
    @Test
    void theCliCreatesListsInspectsAndDeletesAnEnvironment() throws Exception {
        CliRun created = cli("env", "create", "cli-tables", "--pip", "tabulate==0.9.0", "--follow");
        assertThat(created.exit()).as(created.out()).isZero();
        assertThat(created.out()).contains("cli-tables:1").contains("# ready");
        CliRun listed = cli("env", "list");
        assertThat(listed.exit()).as(listed.out()).isZero();
        assertThat(listed.out()).contains("cli-tables").contains("ready");
        CliRun inspected = cli("env", "inspect", "cli-tables");
        assertThat(inspected.exit()).as(inspected.out()).isZero();
        assertThat(inspected.out()).contains("cli-tables:1").contains("tabulate==0.9.0").contains("builds:");
        CliRun bad = cli("env", "create", "cli-bad", "--pip", "tabulate=0.9.0");
        assertThat(bad.exit()).as(bad.out()).isNotZero();
        assertThat(bad.out()).contains("tabulate=0.9.0").doesNotContain("Traceback");
        assertThat(admin.get(ENVS + "/cli-bad").status()).isEqualTo(404);
        CliRun deleted = cli("env", "delete", "cli-tables");
        assertThat(deleted.exit()).as(deleted.out()).isZero();
        assertThat(deleted.out()).contains("Deleted software environment cli-tables.");
        assertThat(admin.get(ENVS + "/cli-tables").status()).isEqualTo(404);
    }

    private record CliRun(int exit, String out) {
    }

    private CliRun cli(String... args) throws Exception {
        java.util.List<String> argv = new java.util.ArrayList<>(List.of(PythonScript.python().toString(), "-m", "flotilla.cli"));
        argv.addAll(List.of(args));
        ProcessBuilder command = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        command.environment().putAll(env());
        Process cli = command.start();
        String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cli.waitFor(600, TimeUnit.SECONDS)).isTrue();
        return new CliRun(cli.exitValue(), out);
    }

    private Map<String, String> env() {
        return Map.of("FLOTILLA_URL", "http://127.0.0.1:" + server.getPort(), "FLOTILLA_TOKEN", ADMIN_TOKEN,
                "FLOTILLA_WORKSPACE", "default", "FLOTILLA_CONFIG", dataDir().resolve("client.yaml").toString());
    }

    private Map<String, Object> awaitFinished(String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (true) {
            @SuppressWarnings("unchecked")
            Map<String, Object> current = (Map<String, Object>) admin.get(ENVS + "/" + name).json().get("current");
            if (List.of("ready", "failed").contains(current.get("state")) || System.nanoTime() > deadline) {
                return current;
            }
            Thread.sleep(500);
        }
    }
}
