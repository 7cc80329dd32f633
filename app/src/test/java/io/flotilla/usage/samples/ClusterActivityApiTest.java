package io.flotilla.usage.samples;

import io.flotilla.cluster.Cluster;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET …/clusters/{name}/activity}: rolled-up buckets for members, a sentence for bad input, in the OpenAPI. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterActivityApiTest extends AppTestProperties {
    private static final String ACTIVITY = "/api/v1/workspaces/default/clusters/busy/activity";
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    RunningClusters rows;
    @Inject
    UsageRollup rollup;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.tasks.enabled", "false");
    }

    @Test
    @SuppressWarnings("unchecked")
    void membersSeeMinuteAndHourBuckets() throws Exception {
        Cluster cluster = rows.withToken("busy", "flc_activity-token-0123456789abcdef");
        Instant hour = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.HOURS);
        insert(cluster, hour.plusSeconds(310), 2, 1, 50.0);
        insert(cluster, hour.plusSeconds(320), 4, 0, null);
        rollup.run();
        Api member = new Api(client, ADMIN_TOKEN).userIn("default", "activity-reader", "MEMBER");

        Api.Reply minutes = member.get(ACTIVITY + "?since=" + hour + "&until=" + hour.plus(Duration.ofHours(1)));
        assertThat(minutes.status()).as(String.valueOf(minutes.body())).isEqualTo(200);
        List<Map<String, Object>> buckets = (List<Map<String, Object>>) minutes.json().get("buckets");
        assertThat(buckets).hasSize(1);
        assertThat(buckets.get(0)).containsEntry("start", hour.plusSeconds(300).toString()).containsEntry("samples", 2)
                .containsEntry("meanWorkers", 3.0).containsEntry("maxWorkers", 4).containsEntry("maxGpuWorkers", 1)
                .containsEntry("meanGpuWorkers", 0.5).containsEntry("meanGpuUtilization", 50.0);
        Api.Reply hours = member.get(ACTIVITY + "?resolution=hour&since=" + hour.plusSeconds(1800)
                + "&until=" + hour.plus(Duration.ofHours(2)));
        List<Map<String, Object>> hourBuckets = (List<Map<String, Object>>) hours.json().get("buckets");
        assertThat(hourBuckets).as("since inside an hour includes that hour").hasSize(1);
        assertThat(hourBuckets.get(0)).containsEntry("start", hour.toString()).containsEntry("samples", 2);
        assertThat((List<?>) member.get(ACTIVITY).json().get("buckets")).as("the last hour: nothing yet").isEmpty();
    }

    @Test
    void badInputGetsASentence() {
        rows.withToken("idle", "flc_activity-idle-token-0123456789ab");
        Api admin = new Api(client, ADMIN_TOKEN);
        String idle = "/api/v1/workspaces/default/clusters/idle/activity";
        for (String query : List.of("?resolution=second", "?since=yesterday", "?until=2026-13-01T00:00:00Z",
                "?since=2026-11-02T00:00:00Z&until=2026-11-01T00:00:00Z",
                "?since=2026-11-01T00:00:00Z&until=2026-11-09T00:00:00Z")) {
            Api.Reply reply = admin.get(idle + query);
            assertThat(reply.status()).as(query).isEqualTo(400);
            assertThat(reply.json()).as(query).containsEntry("error", "invalid_input");
            assertThat(reply.json().get("message").toString()).as(query).endsWith(".");
        }
        assertThat(admin.get(idle + "?resolution=hour&since=2026-11-01T00:00:00Z&until=2026-11-09T00:00:00Z").status())
                .as("8 days are fine in hours").isEqualTo(200);
        assertThat(admin.get("/api/v1/workspaces/default/clusters/nope/activity").status()).isEqualTo(404);
        assertThat(new Api(client, null).get(idle).status()).isEqualTo(401);
    }

    @Test
    void theOpenApiDocumentDescribesIt() {
        String yaml = client.toBlocking().retrieve("/api/v1/openapi/flotilla-api-v1.yml");
        assertThat(yaml).contains("/api/v1/workspaces/{workspace}/clusters/{name}/activity:")
                .contains("meanGpuUtilization").contains("- minute");
    }

    private void insert(Cluster cluster, Instant at, int workers, int gpuWorkers, Double gpu) throws Exception {
        try (Connection sql = sql(); PreparedStatement insert = sql.prepareStatement("INSERT INTO usage_samples"
                + " (cluster_id, workspace_id, at, workers, threads, memory_bytes, tasks_processing, gpu_workers,"
                + " gpu_utilization) VALUES (?, ?, ?, ?, 4, 100, 1, ?, ?)")) {
            insert.setObject(1, cluster.id());
            insert.setObject(2, cluster.workspaceId());
            insert.setObject(3, at.atOffset(ZoneOffset.UTC));
            insert.setInt(4, workers);
            insert.setInt(5, gpuWorkers);
            insert.setObject(6, gpu);
            insert.executeUpdate();
        }
    }
}
