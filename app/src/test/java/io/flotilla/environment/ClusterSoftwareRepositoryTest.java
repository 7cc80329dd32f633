package io.flotilla.environment;

import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.PythonScript;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Which active clusters use an environment: finished clusters do not count. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterSoftwareRepositoryTest extends AppTestProperties {
    @Inject
    ClusterSoftwareRepository clusterSoftware;
    @Inject
    @Client("/")
    HttpClient client;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.tasks.enabled", "false", "flotilla.local.python", PythonScript.python().toString());
    }

    @Test
    void activeClustersOfAnEnvironment() throws Exception {
        Api admin = new Api(client, ADMIN_TOKEN);
        Map<String, Object> env = admin.post("/api/v1/workspaces/default/software-environments",
                Map.of("name", "used", "pip", List.of("six"))).json();
        UUID clusterId = UUID.fromString(admin.post("/api/v1/workspaces/default/clusters",
                Map.of("name", "user", "nWorkers", 0, "software", "used")).json().get("id").toString());
        UUID buildId = UUID.fromString(env.get("buildId").toString());
        UUID ws;
        try (var c = sql(); var st = c.createStatement(); var rs = st.executeQuery("SELECT id FROM workspaces WHERE name = 'default'")) {
            rs.next();
            ws = (UUID) rs.getObject(1);
        }
        assertThat(clusterSoftware.findById(clusterId).orElseThrow().environmentVersion()).isEqualTo(1);
        assertThat(clusterSoftware.activeClusterNames(ws, "used")).containsExactly("user");
        assertThat(clusterSoftware.activeClusterIds(buildId)).containsExactly(clusterId);
        assertThat(admin.delete("/api/v1/workspaces/default/software-environments/used").status()).isEqualTo(409);
        try (var c = sql(); var st = c.prepareStatement("UPDATE clusters SET status = 'STOPPED' WHERE id = ?")) {
            st.setObject(1, clusterId);
            st.executeUpdate();
        }
        assertThat(clusterSoftware.activeClusterNames(ws, "used")).isEmpty();
        assertThat(clusterSoftware.activeClusterIds(buildId)).isEmpty();
        assertThat(admin.delete("/api/v1/workspaces/default/software-environments/used").status()).isEqualTo(204);
    }
}
