package io.flotilla.logs;

import io.flotilla.provider.local.LocalComputeProvider;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.PythonScript;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Once the local provider has removed a stopped cluster's instances (log retention), its logs answer 410 and say why. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExpiredLocalLogsApiTest extends AppTestProperties {
    private static final String CLUSTER = "/api/v1/workspaces/default/clusters/expired";
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    LocalComputeProvider provider;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.local.python", PythonScript.python().toString());
    }

    @Test
    void logsRemovedAfterTheRetentionAreGoneWithAReason() throws InterruptedException {
        Api admin = new Api(client, ADMIN_TOKEN);
        assertThat(admin.post("/api/v1/workspaces/default/clusters", Map.of("name", "expired", "nWorkers", 0)).status())
                .isEqualTo(201);
        admin.awaitClusterState("default", "expired", "running", Duration.ofSeconds(120));
        admin.post(CLUSTER + "/stop", Map.of());
        admin.awaitClusterState("default", "expired", "stopped", Duration.ofSeconds(120));
        Api.Reply kept = admin.get(CLUSTER + "/logs");
        assertThat(kept.status()).isEqualTo(200);
        assertThat((List<?>) kept.json().get("lines")).as("within the retention the logs are there").isNotEmpty();

        assertThat(provider.removeEndedBefore(Instant.now().plusSeconds(1))).isNotEmpty();

        Api.Reply gone = admin.get(CLUSTER + "/logs");
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.error()).isEqualTo("logs_removed");
        assertThat((String) gone.json().get("message"))
                .isEqualTo("The logs of cluster expired were removed: the appliance keeps the logs of local clusters for "
                        + "30 days after their instances end (flotilla.local.log-retention).");
        assertThat(admin.get(CLUSTER).json()).as("the cluster itself is still known").containsEntry("state", "stopped");
    }
}
