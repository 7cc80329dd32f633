package io.flotilla.logs.gcp;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.cluster.ClusterTarget;
import io.flotilla.cluster.InstanceStatus;
import io.flotilla.logs.AgentLogSettings;
import io.flotilla.logs.LogLine;
import io.flotilla.logs.LogQuery;
import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.gcp.logging.FakeCloudLogging;
import io.flotilla.testing.PythonScript;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Cloud Logging round trip: the real agent code and google-cloud-logging (the test Python) write a worker's
 * log lines, as its bootstrap settings say, to the Cloud Logging fake on a loopback port; the appliance's source
 * reads them back.
 */
class CloudLoggingAgentRoundTripTest {
    FakeCloudLogging fake;

    @BeforeEach
    void setUp() throws Exception {
        fake = FakeCloudLogging.onLoopback().start();
    }

    @AfterEach
    void tearDown() throws Exception {
        fake.close();
    }

    @Test
    void linesAWorkerLogsAreReadBackByTheAppliance(@TempDir Path tmp) throws Exception {
        Cluster cluster = CloudLoggingLogSourceTest.cluster(UUID.randomUUID());
        Instant now = Instant.now();
        ClusterInstance worker = new ClusterInstance(UUID.randomUUID(), cluster.id(), InstanceRole.WORKER, "worker-2",
                InstanceStatus.READY, ClusterTarget.RUNNING, "gce-1", null, null, null, null, now, now);
        ClusterInstance scheduler = new ClusterInstance(UUID.randomUUID(), cluster.id(), InstanceRole.SCHEDULER, "scheduler",
                InstanceStatus.READY, ClusterTarget.RUNNING, "gce-0", null, null, null, null, now, now);
        CloudLoggingLogSource source = new CloudLoggingLogSource(new CloudLoggingLogSourceTest.FixedTarget("team-project"),
                new CloudLoggingClients(fake.target()), id -> "team-a");
        AgentLogSettings settings = source.agentSettings(cluster, worker).orElseThrow();

        Map<String, Object> boot = new LinkedHashMap<>();
        boot.put("role", "worker");
        boot.put("instance", worker.name());
        boot.put("scheduler", Map.of("address", "tls://10.0.0.2:8786"));
        boot.put("worker", Map.of("nthreads", 1, "memoryLimit", "auto", "name", worker.name()));
        boot.put("logs", settings);
        String json = ObjectMapper.getDefault().writeValueAsString(boot);
        PythonScript.Result result = PythonScript.run(Path.of("src/test/resources/e2e/gcp_log_shipping.py").toAbsolutePath(),
                Map.of("FLOTILLA_TEST_BOOT", json), 120, tmp.resolve("agent.log"));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("logged").doesNotContain("not shipped");

        List<LogLine> lines = source.read(cluster, List.of(scheduler, worker), new LogQuery(null, null, null, null, null, 100));
        assertThat(lines).as(result.output()).extracting(LogLine::instance).containsOnly("worker-2");
        assertThat(lines).extracting(LogLine::role).containsOnly("worker");
        List<String> messages = lines.stream().map(LogLine::message).toList();
        assertThat(messages.get(0)).endsWith(" - distributed.worker - INFO - Start worker at: tls://10.0.0.8:40000");
        assertThat(messages.get(1)).endsWith(" - distributed.worker - WARNING - Memory use is high but worker has no data to store to disk");
        assertThat(messages.get(2)).endsWith(" - distributed.worker - ERROR - Compute Failed");
        assertThat(messages).contains("Traceback (most recent call last):", "ValueError: boom");
        assertThat(messages.get(messages.size() - 1)).as("sent at exit").endsWith(" - distributed.worker - INFO - End worker");
        assertThat(source.read(cluster, List.of(worker), new LogQuery("worker", null, null, null, "valueerror", 10)))
                .extracting(LogLine::message).containsExactly("    raise ValueError(\"boom\")", "ValueError: boom");
        assertThat(source.read(cluster, List.of(scheduler), new LogQuery("scheduler", null, null, null, null, 10))).isEmpty();
        assertThat(fake.entries()).allSatisfy(e -> {
            assertThat(e.getLogName()).isEqualTo("projects/team-project/logs/flotilla-team-a");
            assertThat(e.getLabelsMap()).containsEntry("flotilla-cluster", cluster.id().toString())
                    .containsEntry("flotilla-instance", "worker-2").containsEntry("flotilla-role", "worker");
            assertThat(e.getResource().getType()).isEqualTo("generic_node");
        });
    }
}
