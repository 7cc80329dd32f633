package io.flotilla.cluster.agent;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterEventRepository;
import io.flotilla.cluster.ClusterRepository;
import io.flotilla.cluster.ClusterStatus;
import io.flotilla.cluster.ClusterTarget;
import io.flotilla.identity.TokenCodec;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.HandMadeClusters;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code adapt(interval, target_duration, wait_count)}: the timing a user gives through REST reaches the scheduler in
 * the heartbeat reply (where Dask's adaptive logic runs), is kept when a later adapt gives only bounds, and a value
 * out of range is a 400 with a sentence that changes nothing.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdaptiveTimingApiTest extends AppTestProperties {
    @Inject
    EmbeddedServer server;
    @Inject
    HandMadeClusters rows;
    @Inject
    ClusterRepository clusters;
    @Inject
    ClusterEventRepository events;
    private Api admin;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.tasks.enabled", "false");
    }

    @BeforeAll
    void setUp() {
        admin = new Api(HttpClient.create(server.getURL()), ADMIN_TOKEN);
    }

    @Test
    void theTimingGivenReachesTheSchedulerAndStays() {
        Cluster cluster = rows.withRow("local", "default", "timed", 1, ClusterStatus.RUNNING, ClusterTarget.RUNNING);
        String token = TokenCodec.newToken("fct_");
        clusters.update(cluster.withClusterTokenHash(TokenCodec.sha256(token)));
        Api scheduler = admin.as(token);
        String adapt = "/api/v1/workspaces/default/clusters/timed/adapt";

        assertThat(admin.post(adapt, Map.of("minimum", 1, "maximum", 4)).status()).isEqualTo(200);
        assertThat(adaptiveOf(beat(scheduler))).as("the appliance's defaults").isEqualTo(Map.of(
                "minimum", 1, "maximum", 4, "interval", "1000ms", "targetDuration", "5000ms", "waitCount", 3));

        var timed = admin.post(adapt, Map.of("minimum", 1, "maximum", 6, "intervalSeconds", 5,
                "targetDurationSeconds", 180, "waitCount", 24));
        assertThat(timed.status()).as(String.valueOf(timed.body())).isEqualTo(200);
        Map<String, Object> expected = Map.of("minimum", 1, "maximum", 6, "interval", "5000ms",
                "targetDuration", "180000ms", "waitCount", 24);
        assertThat(adaptiveOf(beat(scheduler))).isEqualTo(expected);
        assertThat(events.findByClusterIdOrderById(cluster.id())).anySatisfy(e -> assertThat(e.message())
                .contains("adaptive scaling 1..6 (interval 5000ms, target duration 180000ms, wait count 24)"));

        assertThat(admin.post(adapt, Map.of("minimum", 1, "maximum", 6)).status()).isEqualTo(200);
        assertThat(adaptiveOf(beat(scheduler))).as("bounds only: the timing stays").isEqualTo(expected);

        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("minimum", 1, "maximum", 8, "intervalSeconds", 0.01),
                Map.of("minimum", 1, "maximum", 8, "targetDurationSeconds", 7200),
                Map.of("minimum", 1, "maximum", 8, "waitCount", 0))) {
            var refused = admin.post(adapt, bad);
            assertThat(refused.status()).as(bad.toString()).isEqualTo(400);
            assertThat(String.valueOf(refused.body())).as(bad.toString()).containsPattern("must be between .+, not ");
        }
        assertThat(adaptiveOf(beat(scheduler))).as("a refused adapt changes nothing").isEqualTo(expected);
    }

    private static Map<String, Object> beat(Api scheduler) {
        var reply = scheduler.post("/api/v1/agent/heartbeat", Map.of("schedulerAddress", "tcp://127.0.0.1:8786",
                "workers", List.of(), "nThreads", 0, "memory", 0, "tasksProcessing", 0, "nClients", 1));
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(200);
        return reply.json();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> adaptiveOf(Map<String, Object> reply) {
        return (Map<String, Object>) reply.get("adaptive");
    }
}
