package io.flotilla.cluster;

import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.PythonScript;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** GET a cluster with {@code waitWhileState}: the answer comes once the cluster leaves that state. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterWaitApiTest extends AppTestProperties {
    private static final String CLUSTERS = "/api/v1/workspaces/default/clusters";
    @Inject
    @Client("/")
    HttpClient client;
    Api admin;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.local.python", PythonScript.python().toString());
    }

    @BeforeAll
    void setUp() throws InterruptedException {
        admin = new Api(client, ADMIN_TOKEN);
        assertThat(admin.post(CLUSTERS, Map.of("name", "waited", "nWorkers", 0)).status()).isEqualTo(201);
        admin.awaitClusterState("default", "waited", "running", Duration.ofSeconds(120));
    }

    @Test
    void answersAtOnceWhenTheClusterIsNotInTheStateAndOnceItLeavesItOtherwise() throws Exception {
        assertThat(admin.get(CLUSTERS + "/waited?waitWhileState=starting&waitSeconds=8").json())
                .containsEntry("state", "running");

        CompletableFuture<Map<String, Object>> waiting = CompletableFuture.supplyAsync(
                () -> admin.get(CLUSTERS + "/waited?waitWhileState=running&waitSeconds=8").json());
        Thread.sleep(300);
        assertThat(waiting).as("still waiting while the cluster runs").isNotDone();
        assertThat(admin.post(CLUSTERS + "/waited/stop", Map.of()).status()).isEqualTo(200);
        assertThat(waiting.get(8, TimeUnit.SECONDS).get("state")).isIn("stopping", "stopped");
        admin.awaitClusterState("default", "waited", "stopped", Duration.ofSeconds(60));
        assertThat(admin.get(CLUSTERS + "/waited?waitWhileState=stopped&waitSeconds=1").json())
                .as("after the wait, the cluster as it is").containsEntry("state", "stopped");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown state|waitWhileState=asleep|waitWhileState",
            "no wait|waitWhileState=running&waitSeconds=0|waitSeconds",
            "too long|waitWhileState=running&waitSeconds=31|waitSeconds",
            "wait without a state|waitSeconds=5|waitSeconds"})
    void badWaitParametersAreRefused(String label, String query, String field) {
        Api.Reply reply = admin.get(CLUSTERS + "/waited?" + query);
        assertThat(reply.status()).as(label).isEqualTo(400);
        assertThat((String) reply.json().get("message")).as(label).contains(field);
    }

    @Test
    void waitSecondsMustBeANumber() {
        assertThat(admin.get(CLUSTERS + "/waited?waitWhileState=running&waitSeconds=soon").status()).isEqualTo(400);
    }
}
