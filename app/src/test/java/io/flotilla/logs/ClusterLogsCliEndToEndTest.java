package io.flotilla.logs;

import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.PythonScript;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI against a real appliance and a real local cluster: {@code cluster address} while it runs, then, once it
 * stopped (its logs no longer grow), {@code cluster logs --tail 5} prints exactly the last five lines of the
 * combined stream, {@code --instance} and {@code --until} are filtered by the appliance, {@code cluster events}
 * lists what happened.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterLogsCliEndToEndTest extends AppTestProperties {
    @Inject
    EmbeddedServer server;
    @Inject
    @Client("/")
    HttpClient client;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.local.python", PythonScript.python().toString());
    }

    @Test
    void logsTailInstanceUntilEventsAndAddress() throws Exception {
        Api admin = new Api(client, ADMIN_TOKEN);
        assertThat(admin.post("/api/v1/workspaces/default/clusters", Map.of("name", "cli-logs", "nWorkers", 0)).status())
                .isEqualTo(201);
        admin.awaitClusterState("default", "cli-logs", "running", Duration.ofSeconds(120));
        CliRun address = cli("cluster", "address", "cli-logs");
        assertThat(address.exit()).as(address.out()).isZero();
        assertThat(address.out().strip()).startsWith("tls://");
        admin.post("/api/v1/workspaces/default/clusters/cli-logs/stop", Map.of());
        admin.awaitClusterState("default", "cli-logs", "stopped", Duration.ofSeconds(120));

        List<String> combined = cli("cluster", "logs", "cli-logs", "--combined").lines();
        assertThat(combined).as("the scheduler printed more than five lines").hasSizeGreaterThan(5);
        CliRun tail = cli("cluster", "logs", "cli-logs", "--tail", "5");
        assertThat(tail.exit()).as(tail.out()).isZero();
        assertThat(tail.lines()).isEqualTo(combined.subList(combined.size() - 5, combined.size()));

        String[] third = combined.get(2).split(" ", 3);
        List<String> upTo = cli("cluster", "logs", "cli-logs", "--combined", "--instance", third[1], "--until", third[0]).lines();
        assertThat(upTo).isNotEmpty().allSatisfy(line -> {
            String[] fields = line.split(" ", 3);
            assertThat(fields[1]).isEqualTo(third[1]);
            assertThat(fields[0]).isLessThanOrEqualTo(third[0]);
        });
        assertThat(upTo).hasSizeLessThan(combined.size());
        CliRun grouped = cli("cluster", "logs", "cli-logs");
        assertThat(grouped.lines().get(0)).isEqualTo("== " + third[1] + " (scheduler) ==");

        CliRun events = cli("cluster", "events", "cli-logs");
        assertThat(events.exit()).as(events.out()).isZero();
        assertThat(events.out()).doesNotContain("No events").isNotBlank();
        CliRun badUntil = cli("cluster", "logs", "cli-logs", "--since", "2026-11-27T10:00:00Z", "--until", "2026-11-27T09:00:00Z");
        assertThat(badUntil.exit()).isEqualTo(1);
        assertThat(badUntil.out()).contains("since must not be after until.");
    }

    private record CliRun(int exit, String out) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private CliRun cli(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(PythonScript.python().toString(), "-m", "flotilla.cli"));
        argv.addAll(List.of(args));
        ProcessBuilder command = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        command.environment().putAll(Map.of("FLOTILLA_URL", "http://127.0.0.1:" + server.getPort(),
                "FLOTILLA_TOKEN", ADMIN_TOKEN, "FLOTILLA_WORKSPACE", "default",
                "FLOTILLA_CONFIG", dataDir().resolve("client.yaml").toString()));
        Process cli = command.start();
        String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cli.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new CliRun(cli.exitValue(), out);
    }
}
