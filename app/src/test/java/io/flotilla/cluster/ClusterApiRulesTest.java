package io.flotilla.cluster;

import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.PythonScript;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Cluster routes: bad input is refused with nothing launched; tenancy and creator rules hold. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterApiRulesTest extends AppTestProperties {
    private static final String CLUSTERS = "/api/v1/workspaces/default/clusters";
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ClusterRepository clusters;
    Api admin;
    Api member;
    Api outsider;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.local.python", PythonScript.python().toString());
    }

    @BeforeAll
    void setUp() {
        admin = new Api(client, ADMIN_TOKEN);
        admin.post("/api/v1/workspaces", Map.of("name", "elsewhere"));
        member = admin.userIn("default", "mia", "member");
        outsider = admin.userIn("elsewhere", "otto", "admin");
        assertThat(admin.post(CLUSTERS, Map.of("name", "owned", "nWorkers", 0)).status()).isEqualTo(201);
    }

    @AfterAll
    void stopEverything() throws InterruptedException {
        admin.post(CLUSTERS + "/owned/stop", Map.of());
        // wait for their processes to end: the context closing does not stop a local scheduler
        admin.awaitClusterState("default", "owned", "stopped", java.time.Duration.ofSeconds(120));
        admin.awaitClusterState("default", "spotty", "stopped", java.time.Duration.ofSeconds(120));
        admin.awaitClusterState("elsewhere", "armed", "stopped", java.time.Duration.ofSeconds(120));
    }


    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "negative workers|{\"nWorkers\": -1}",
            "huge worker count|{\"nWorkers\": 100000}",
            "bad memory string|{\"workerMemory\": \"lots\"}",
            "memory too small|{\"workerMemory\": \"1KB\"}",
            "unknown field|{\"n_workers\": 2}",
            "wrong type|{\"nWorkers\": \"two\"}",
            "bad name|{\"name\": \"Not A Name\"}",
            "bad environ name|{\"environ\": {\"1BAD\": \"x\"}}",
            "zero idle timeout|{\"idleTimeoutSeconds\": 0}",
            "unknown spot policy|{\"spotPolicy\": \"cheap\"}",
            "negative gpus|{\"workerGpu\": -1}",
            "too many gpus|{\"workerGpu\": 99}",
            "gpus as text|{\"workerGpu\": \"one\"}",
            "arm as text|{\"arm\": \"yes\"}"})
    void badCreateIsRefusedAndNothingIsLaunched(String label, String body) {
        long before = clusters.count();
        Api.Reply reply = admin.raw(HttpMethod.POST, CLUSTERS, body, MediaType.APPLICATION_JSON_TYPE);
        assertThat(reply.status()).as(label).isEqualTo(400);
        assertThat((String) reply.json().get("message")).as(label).isNotBlank();
        assertThat(clusters.count()).as(label + ": nothing created").isEqualTo(before);
    }

    @Test
    void spotPolicyIsKeptAndShownInTheOptions() {
        Api.Reply reply = admin.post(CLUSTERS, Map.of("name", "spotty", "nWorkers", 0, "spotPolicy", "spot_with_fallback"));
        assertThat(reply.status()).isEqualTo(201);
        assertThat(((Map<?, ?>) reply.json().get("options")).get("spotPolicy")).isEqualTo("spot_with_fallback");
        admin.post(CLUSTERS + "/spotty/stop", Map.of());
        Api.Reply bad = admin.post(CLUSTERS, Map.of("name", "spotless", "spotPolicy", "spot-with-fallback"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.error()).isEqualTo("invalid_input");
        assertThat((String) bad.json().get("message")).contains("spotPolicy must be one of on-demand, spot, spot_with_fallback");
    }

    @Test
    void gpuCountOutOfRangeIsNamedInTheRefusal() {
        for (int gpus : new int[]{-1, 99}) {
            Api.Reply bad = admin.post(CLUSTERS, Map.of("name", "gpus", "workerGpu", gpus));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.error()).isEqualTo("invalid_input");
            assertThat((String) bad.json().get("message")).contains("workerGpu must be between 0 and 16");
        }
    }

    @Test
    void clustersThatRunOnThisMachineCannotHaveGpusButMayAskForArm() {
        long before = clusters.count();
        Api.Reply refused = admin.post(CLUSTERS, Map.of("name", "gpu-here", "nWorkers", 0, "workerGpu", 1));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).isEqualTo("invalid_input");
        assertThat((String) refused.json().get("message"))
                .contains("run on this machine (provider 'local'), which cannot give workers GPUs");
        assertThat(clusters.count()).as("nothing created").isEqualTo(before);

        String elsewhere = "/api/v1/workspaces/elsewhere/clusters";
        Api.Reply armed = admin.post(elsewhere, Map.of("name", "armed", "nWorkers", 0, "arm", true, "workerGpu", 0));
        assertThat(armed.status()).isEqualTo(201);
        Map<?, ?> options = (Map<?, ?>) armed.json().get("options");
        assertThat(options.get("arm")).isEqualTo(true);
        assertThat(options.get("workerGpu")).as("0 GPUs is none").isNull();
        admin.post(elsewhere + "/armed/stop", Map.of());
        Map<?, ?> plain = (Map<?, ?>) admin.get(CLUSTERS + "/owned").json().get("options");
        assertThat(plain.get("arm")).isEqualTo(false);
    }

    @Test
    void duplicateActiveNameIs409() {
        Api.Reply reply = admin.post(CLUSTERS, Map.of("name", "owned", "nWorkers", 0));
        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.error()).isEqualTo("cluster_exists");
    }

    @Test
    void badScaleIsRefused() {
        assertThat(admin.post(CLUSTERS + "/owned/scale", Map.of("nWorkers", -3)).status()).isEqualTo(400);
        assertThat(admin.post(CLUSTERS + "/owned/adapt", Map.of("minimum", 5, "maximum", 2)).status()).isEqualTo(400);
        assertThat(admin.get(CLUSTERS + "?status=sleeping").status()).isEqualTo(400);
        assertThat(admin.get(CLUSTERS + "/owned/logs?since=yesterday").status()).isEqualTo(400);
        assertThat(admin.get(CLUSTERS + "/owned/logs?role=driver").status()).isEqualTo(400);
    }

    @Test
    void memberWhoIsNotTheCreatorSeesButCannotControlOrConnect() {
        assertThat(member.get(CLUSTERS + "/owned").status()).isEqualTo(200);
        assertThat(member.get(CLUSTERS).json().get("total")).isEqualTo(1);
        assertThat(member.get(CLUSTERS + "/owned/credentials").status()).isEqualTo(403);
        assertThat(member.post(CLUSTERS + "/owned/stop", Map.of()).status()).isEqualTo(403);
        assertThat(member.post(CLUSTERS + "/owned/scale", Map.of("nWorkers", 2)).status()).isEqualTo(403);
    }

    @Test
    void anotherWorkspacesMemberCannotSeeConnectScaleStopOrReadLogs() {
        assertThat(outsider.get(CLUSTERS).status()).isEqualTo(404);
        assertThat(outsider.get(CLUSTERS + "/owned").status()).isEqualTo(404);
        assertThat(outsider.get(CLUSTERS + "/owned/credentials").status()).isEqualTo(404);
        assertThat(outsider.post(CLUSTERS + "/owned/scale", Map.of("nWorkers", 2)).status()).isEqualTo(404);
        assertThat(outsider.post(CLUSTERS + "/owned/stop", Map.of()).status()).isEqualTo(404);
        assertThat(outsider.get(CLUSTERS + "/owned/logs").status()).isEqualTo(404);
        assertThat(outsider.get("/api/v1/workspaces/elsewhere/clusters/owned").status()).isEqualTo(404);
    }

    @Test
    void agentRoutesRefuseUnknownTokens() {
        assertThat(admin.as("fbt_nope").post("/api/v1/agent/bootstrap", Map.of()).status()).isEqualTo(401);
        assertThat(admin.as(ADMIN_TOKEN).post("/api/v1/agent/bootstrap", Map.of()).status())
                .as("a user token is not a bootstrap token").isEqualTo(401);
    }

    @Test
    void applianceAuditLogListsChanges() {
        Api.Reply audit = admin.get("/api/v1/audit?limit=50");
        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.list()).extracting(e -> e.get("action")).contains("cluster.create", "user.create");
    }
}
