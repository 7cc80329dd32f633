package io.flotilla.usage.samples;

import io.flotilla.cluster.Cluster;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.MovableClock;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accepted heartbeats become rows of {@code usage_samples} (through the buffer, within a flush interval), with the
 * workers' GPU use; task prefixes are asked for and stored only while the workspace collects them.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeartbeatSamplesTest extends AppTestProperties {
    private static final String HEARTBEAT = "/api/v1/agent/heartbeat";
    private final MovableClock clock = new MovableClock();
    @Inject
    EmbeddedServer server;
    @Inject
    RunningClusters rows;
    HttpClient client;

    @MockBean(Clock.class)
    Clock clock() {
        return clock;
    }

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.tasks.enabled", "false", "flotilla.usage.samples.flush-interval", "200ms");
    }

    @BeforeAll
    void setUp() {
        client = server.getApplicationContext().createBean(HttpClient.class, server.getURL());
    }

    @AfterAll
    void closeClient() {
        client.close();
    }

    @Test
    void aHeartbeatBecomesASampleWithItsGpuUse() throws Exception {
        String token = "flc_gpu-cluster-token-" + UUID.randomUUID();
        Cluster cluster = rows.withToken("gpus", token);
        Map<String, Object> beat = beat(List.of(
                worker("w1", 1, 40.0), worker("w2", 2, 80.0), worker("w3", null, null)), null);
        assertThat(new Api(client, token).post(HEARTBEAT, beat).status()).isEqualTo(200);

        Map<String, Object> sample = awaitSample(cluster.id(), 1).get(0);
        assertThat(sample).containsEntry("workers", 3).containsEntry("threads", 12)
                .containsEntry("memory_bytes", 3_000_000_000L).containsEntry("tasks_processing", 7)
                .containsEntry("gpu_workers", 2).containsEntry("gpu_utilization", 60.0)
                .containsEntry("workspace_id", cluster.workspaceId());
        assertThat(sample.get("task_prefixes")).as("none were sent").isNull();
        assertThat((Instant) sample.get("at")).isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }

    @Test
    void taskPrefixesAreAskedForAndKeptOnlyWhileTheWorkspaceCollectsThem() throws Exception {
        String token = "flc_prefix-cluster-token-" + UUID.randomUUID();
        Cluster cluster = rows.withToken("prefixes", token);
        Api plugin = new Api(client, token);
        Map<String, Object> beat = beat(List.of(worker("w1", null, null)), Map.of("inc", 3, "sum-aggregate", 1));

        Api.Reply collected = plugin.post(HEARTBEAT, beat);
        assertThat(collected.json().get("collect")).as("the default policy collects").isEqualTo(List.of("taskPrefixes"));
        assertThat(awaitSample(cluster.id(), 1).get(0).get("task_prefixes").toString())
                .isEqualTo("{\"inc\": 3, \"sum-aggregate\": 1}");

        try (Connection sql = sql(); PreparedStatement off = sql.prepareStatement("INSERT INTO workspace_usage_policies"
                + " (workspace_id, collect_task_prefixes, updated_at) VALUES (?, false, now())")) {
            off.setObject(1, cluster.workspaceId());
            off.executeUpdate();
        }
        assertThat(plugin.post(HEARTBEAT, beat).json().get("collect"))
                .as("the answer is remembered for a few seconds").isEqualTo(List.of("taskPrefixes"));
        clock.advance(TaskPrefixSwitch.REMEMBERED.plusSeconds(1));
        Api.Reply switchedOff = plugin.post(HEARTBEAT, beat);
        assertThat(switchedOff.json().get("collect")).isEqualTo(List.of());
        List<Map<String, Object>> samples = awaitSample(cluster.id(), 3);
        assertThat(samples.get(2).get("task_prefixes")).as("sent anyway, but not collected: dropped").isNull();
        assertThat(samples.get(2)).containsEntry("workers", 1).containsEntry("tasks_processing", 7);
    }

    private static Map<String, Object> beat(List<Map<String, Object>> workers, Map<String, Integer> prefixes) {
        Map<String, Object> beat = new HashMap<>(Map.of("schedulerAddress", "tcp://127.0.0.1:8786", "workers", workers,
                "nThreads", 12, "memory", 3_000_000_000L, "tasksProcessing", 7, "nClients", 1));
        if (prefixes != null) {
            beat.put("taskPrefixes", prefixes);
        }
        return beat;
    }

    private static Map<String, Object> worker(String name, Integer gpus, Double utilization) {
        Map<String, Object> worker = new HashMap<>(Map.of("name", name, "address", "tcp://127.0.0.1:1" + name.length(),
                "nthreads", 4, "memoryLimit", 1_000_000_000L, "processing", 2));
        if (gpus != null) {
            worker.put("gpus", gpus);
            worker.put("gpuUtilization", utilization);
        }
        return worker;
    }

    /** Polls until the cluster has {@code count} samples (the flusher writes within its interval), oldest first. */
    private List<Map<String, Object>> awaitSample(UUID clusterId, int count) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            List<Map<String, Object>> samples = samples(clusterId);
            if (samples.size() >= count) {
                assertThat(samples).hasSize(count);
                return samples;
            }
            assertThat(Instant.now()).as("samples of " + clusterId + " written in time").isBefore(deadline);
            Thread.sleep(50);
        }
    }

    private List<Map<String, Object>> samples(UUID clusterId) throws Exception {
        try (Connection sql = sql(); PreparedStatement select = sql.prepareStatement("SELECT workspace_id, at, workers,"
                + " threads, memory_bytes, tasks_processing, gpu_workers, gpu_utilization, task_prefixes"
                + " FROM usage_samples WHERE cluster_id = ? ORDER BY at, ctid")) {
            select.setObject(1, clusterId);
            List<Map<String, Object>> rows = new java.util.ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    Map<String, Object> sample = new HashMap<>();
                    sample.put("workspace_id", row.getObject(1, UUID.class));
                    sample.put("at", row.getObject(2, java.time.OffsetDateTime.class).toInstant());
                    sample.put("workers", row.getInt(3));
                    sample.put("threads", row.getInt(4));
                    sample.put("memory_bytes", row.getLong(5));
                    sample.put("tasks_processing", row.getInt(6));
                    sample.put("gpu_workers", row.getInt(7));
                    sample.put("gpu_utilization", row.getObject(8));
                    sample.put("task_prefixes", row.getObject(9) == null ? null : row.getString(9));
                    rows.add(sample);
                }
            }
            return rows;
        }
    }
}
