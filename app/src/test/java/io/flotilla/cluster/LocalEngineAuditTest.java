package io.flotilla.cluster;

import io.flotilla.provider.ApplianceId;
import io.flotilla.identity.BootstrapAdmin;
import io.flotilla.provider.AgentBoot;
import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.InstanceSize;
import io.flotilla.provider.LaunchRequest;
import io.flotilla.provider.ProviderRegistry;
import io.flotilla.provider.ResourceTags;
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
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real local cluster leaves an engine audit entry for each process it starts and ends, naming the cause, the
 * user who caused it (or {@code system}), the account ({@code local}) and the instance and process ids; the orphan
 * sweeper's kill of a tagged process nobody knows is the system's "orphan sweep". Read back through the filtered
 * audit route.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalEngineAuditTest extends AppTestProperties {
    private static final String NAME = "audited";
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ClusterInstanceRepository instances;
    @Inject
    ProviderRegistry providers;
    @Inject
    ApplianceId applianceId;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.local.python", PythonScript.python().toString(),
                "flotilla.clusters.heartbeat-interval", "1s",
                "flotilla.clusters.stop-grace", "3s",
                "flotilla.clusters.orphan-grace", "1s");
    }

    @Test
    void launchScaleStopAndSweepAreAuditedWithCauseAccountAndIds() throws Exception {
        Api admin = new Api(client, ADMIN_TOKEN);
        Api.Reply created = admin.post("/api/v1/workspaces/default/clusters", Map.of("name", NAME, "nWorkers", 1,
                "noClientTimeoutSeconds", 600));
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        Map<String, Object> running = admin.awaitClusterState("default", NAME, "running", Duration.ofSeconds(120));
        UUID clusterId = UUID.fromString(running.get("id").toString());
        assertThat(admin.post("/api/v1/workspaces/default/clusters/" + NAME + "/scale", Map.of("nWorkers", 2)).status()).isEqualTo(200);
        List<Map<String, Object>> starts = await(admin, "?kind=engine&action=process.start&target=" + NAME, l -> l.size() >= 3);
        assertThat(admin.post("/api/v1/workspaces/default/clusters/" + NAME + "/stop", Map.of()).status()).isEqualTo(200);
        admin.awaitClusterState("default", NAME, "stopped", Duration.ofSeconds(120));

        List<ClusterInstance> rows = instances.findByClusterIdOrderByCreatedAt(clusterId);
        assertThat(starts).as("one start per instance").hasSize(rows.size()).allSatisfy(e -> {
            assertThat(e).containsEntry("kind", "engine").containsEntry("cloudAccount", "local")
                    .containsEntry("actor", BootstrapAdmin.ADMIN_USERNAME).containsEntry("workspace", "default");
            assertThat(ids(e)).hasSize(2).anySatisfy(id -> assertThat(id.toString()).startsWith("pid "));
        });
        for (ClusterInstance row : rows) {
            assertThat(starts).as("the start of " + row.name() + " names its instance id")
                    .anySatisfy(e -> assertThat(ids(e)).contains(row.providerInstanceId()));
        }
        String worker2 = rows.stream().filter(r -> r.name().equals("worker-2")).findFirst().orElseThrow().providerInstanceId();
        assertThat(starts).filteredOn(e -> ids(e).contains(worker2)).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("cause", "scaled to 2 workers"));
        assertThat(starts).filteredOn(e -> !ids(e).contains(worker2))
                .allSatisfy(e -> assertThat(e).containsEntry("cause", "cluster created"));

        // the stop terminates every instance still running (an agent that already exited needs no signal)
        String worker1 = rows.stream().filter(r -> r.name().equals("worker-1")).findFirst().orElseThrow().providerInstanceId();
        List<Map<String, Object>> terminations = await(admin, "?kind=engine&action=process.terminate&target=" + NAME,
                l -> l.stream().anyMatch(e -> ids(e).contains(worker1)));
        assertThat(terminations).allSatisfy(e -> {
            assertThat(e).containsEntry("cause", "user request").containsEntry("actor", BootstrapAdmin.ADMIN_USERNAME)
                    .containsEntry("cloudAccount", "local");
            assertThat(ids(e).get(0)).as("names one of the cluster's instances")
                    .isIn(rows.stream().map(ClusterInstance::providerInstanceId).toList());
            assertThat(ids(e).get(1)).startsWith("pid ");
        });

        String orphanCluster = UUID.randomUUID().toString();
        String orphan = providers.get("local").launch(new LaunchRequest("orphan-" + orphanCluster, "orphan", InstanceRole.WORKER,
                new InstanceSize(1, null, null, false), Map.of(ResourceTags.APPLIANCE, applianceId.value(),
                ResourceTags.CLUSTER, orphanCluster), new AgentBoot("http://127.0.0.1:9", "fbt_unused"))).instanceId();
        List<Map<String, Object>> swept = await(admin, "?kind=engine&target=" + orphanCluster, l -> !l.isEmpty());
        assertThat(swept).filteredOn(e -> "process.terminate".equals(e.get("action"))).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("cause", "orphan sweep")
                    .containsEntry("actor", "system").containsEntry("cloudAccount", "local");
            assertThat(ids(e)).contains(orphan);
        });

        List<Map<String, Object>> api = admin.get("/api/v1/audit?kind=api&target=" + NAME).list();
        assertThat(api).extracting(e -> e.get("action")).containsExactly("cluster.stop", "cluster.scale", "cluster.create");
        assertThat(api).allSatisfy(e -> assertThat(e).containsEntry("kind", "api").containsEntry("resources", List.of()));
        assertThat(admin.get("/api/v1/workspaces/default/audit?kind=engine&action=process.start&target=" + NAME).list())
                .as("the workspace's log, filtered alike").hasSize(rows.size());
        Api.Reply bad = admin.get("/api/v1/audit?kind=cloud");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.error()).isEqualTo("invalid_input");
        assertThat(bad.json().get("message").toString()).contains("kind");
    }

    private static List<Map<String, Object>> await(Api admin, String query, Predicate<List<Map<String, Object>>> done)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        List<Map<String, Object>> last = List.of();
        while (Instant.now().isBefore(deadline)) {
            last = admin.get("/api/v1/audit" + query).list();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("audit entries " + query + " did not come within 90 s; last: " + last);
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(Map<String, Object> entry) {
        return (List<String>) entry.get("resources");
    }
}
