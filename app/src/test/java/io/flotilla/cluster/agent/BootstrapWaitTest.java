package io.flotilla.cluster.agent;

import io.flotilla.cluster.Cluster;
import io.flotilla.provider.InstanceRole;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.HandMadeClusters;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker that boots before its scheduler has reported is held and answered the moment the scheduler's first
 * heartbeat commits; after {@code bootstrap-wait} without one it gets 503 {@code scheduler_not_ready}, and its
 * token still works when it asks again.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BootstrapWaitTest extends AppTestProperties {
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    HandMadeClusters rows;

    @Override
    protected Map<String, String> extraProperties() {
        // no reconciler: it would launch these hand-made clusters
        return Map.of("flotilla.tasks.enabled", "false", "flotilla.clusters.bootstrap-wait", "3s");
    }

    @Test
    void aWaitingWorkerIsAnsweredWhenTheSchedulerReports() throws Exception {
        Cluster cluster = cluster("held");
        String schedulerToken = instance(cluster, InstanceRole.SCHEDULER, "scheduler");
        String workerToken = instance(cluster, InstanceRole.WORKER, "worker-1");

        CompletableFuture<Api.Reply> worker = CompletableFuture.supplyAsync(
                () -> new Api(client, workerToken).post("/api/v1/agent/bootstrap", null));
        Thread.sleep(800);
        assertThat(worker).as("held while the scheduler has not reported").isNotDone();

        Map<String, Object> scheduler = new Api(client, schedulerToken).post("/api/v1/agent/bootstrap", null).json();
        @SuppressWarnings("unchecked")
        String clusterToken = ((Map<String, Object>) scheduler.get("heartbeat")).get("token").toString();
        Instant reported = Instant.now();
        assertThat(new Api(client, clusterToken).post("/api/v1/agent/heartbeat", heartbeat()).status()).isEqualTo(200);

        Api.Reply answer = worker.get(10, TimeUnit.SECONDS);
        Instant answered = Instant.now();
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        assertThat(answer.json()).containsEntry("role", "worker");
        assertThat(answer.json().get("scheduler").toString()).contains("tls://127.0.0.1:8786");
        assertThat(Duration.between(reported, answered)).as("answered when the heartbeat committed, not at the end of the wait")
                .isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void withoutASchedulerTheWorkerGets503AfterTheWaitAndItsTokenStillWorks() throws Exception {
        Cluster cluster = cluster("lonely");
        String workerToken = instance(cluster, InstanceRole.WORKER, "worker-1");
        Instant asked = Instant.now();
        Api.Reply refused = new Api(client, workerToken).post("/api/v1/agent/bootstrap", null);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.error()).isEqualTo("scheduler_not_ready");
        assertThat(Duration.between(asked, Instant.now())).as("held for the configured wait").isGreaterThanOrEqualTo(Duration.ofSeconds(3));

        String schedulerToken = instance(cluster, InstanceRole.SCHEDULER, "scheduler");
        @SuppressWarnings("unchecked")
        String clusterToken = ((Map<String, Object>) new Api(client, schedulerToken).post("/api/v1/agent/bootstrap", null).json()
                .get("heartbeat")).get("token").toString();
        new Api(client, clusterToken).post("/api/v1/agent/heartbeat", heartbeat());
        assertThat(new Api(client, workerToken).post("/api/v1/agent/bootstrap", null).status())
                .as("the 503 did not spend the one-time token").isEqualTo(200);
    }

    private static Map<String, Object> heartbeat() {
        return Map.of("schedulerAddress", "tls://127.0.0.1:8786", "nThreads", 0, "memory", 0, "tasksProcessing", 0, "nClients", 0);
    }

    private Cluster cluster(String name) {
        return rows.starting("local", "default", name, 1);
    }

    private String instance(Cluster cluster, InstanceRole role, String name) {
        return rows.launched(cluster, role, name, "p-" + name, null);
    }
}
