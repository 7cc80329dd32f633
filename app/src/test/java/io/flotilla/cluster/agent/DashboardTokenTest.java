package io.flotilla.cluster.agent;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterRepository;
import io.flotilla.cluster.ClusterStatus;
import io.flotilla.cluster.ConnectionService;
import io.flotilla.identity.BootstrapAdmin;
import io.flotilla.identity.Caller;
import io.flotilla.identity.UserRepository;
import io.flotilla.provider.InstanceRole;
import io.flotilla.secrets.SecretStore;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.DatabaseDump;
import io.flotilla.testing.HandMadeClusters;
import io.flotilla.testing.LogCapture;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster's dashboard token: made by the appliance and kept in the secret store, given to the scheduler at
 * bootstrap (not to workers), and to the user only inside the dashboard link of the connection credentials; the
 * cluster's view, the database and the log never hold it.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardTokenTest extends AppTestProperties {
    private static final String CLUSTERS = "/api/v1/workspaces/default/clusters";
    private static final String DASHBOARD = "https://127.0.0.1:8787/status";
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    HandMadeClusters rows;
    @Inject
    ClusterRepository clusters;
    @Inject
    SecretStore secrets;
    @Inject
    ConnectionService connections;
    @Inject
    UserRepository users;
    @Property(name = "datasources.default.url")
    String jdbcUrl;
    private final LogCapture logs = new LogCapture();

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.tasks.enabled", "false"); // no reconciler: it would launch these hand-made clusters
    }

    @AfterAll
    void stopCapture() {
        logs.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void onlyTheSchedulerAndThoseWhoMayConnectGetTheToken() throws Exception {
        Cluster cluster = rows.starting("local", "default", "dash", 1);
        Map<String, Object> scheduler = bootstrap(cluster, InstanceRole.SCHEDULER, "scheduler");
        String token = ((Map<String, Object>) scheduler.get("dashboard")).get("token").toString();
        assertThat(token).matches("fdt_[A-Za-z0-9_-]{43}");
        assertThat(secrets.get("clusters/" + cluster.id() + "/dashboard")).contains(Map.of("token", token));
        String clusterToken = ((Map<String, Object>) scheduler.get("heartbeat")).get("token").toString();
        Api admin = new Api(client, ADMIN_TOKEN);
        assertThat(new Api(client, clusterToken).post("/api/v1/agent/heartbeat", Map.of("schedulerAddress", "tls://127.0.0.1:8786",
                "dashboardUrl", DASHBOARD, "nThreads", 0, "memory", 0, "tasksProcessing", 0, "nClients", 0)).status()).isEqualTo(200);
        clusters.update(clusters.findById(cluster.id()).orElseThrow().withStatus(ClusterStatus.RUNNING, Instant.now()));

        assertThat(bootstrap(cluster, InstanceRole.WORKER, "worker-1").get("dashboard")).as("workers get no dashboard token").isNull();
        assertThat(((Map<String, Object>) bootstrap(cluster, InstanceRole.SCHEDULER, "scheduler-2").get("dashboard")).get("token"))
                .as("a replacement scheduler keeps the cluster's token, so links keep working").isEqualTo(token);

        assertThat(admin.get(CLUSTERS + "/dash").json()).containsEntry("dashboardUrl", DASHBOARD);
        assertThat(admin.get(CLUSTERS).json().toString()).contains(DASHBOARD).doesNotContain(token);
        Api.Reply credentials = admin.get(CLUSTERS + "/dash/credentials");
        assertThat(credentials.json()).containsEntry("dashboardUrl", DASHBOARD + "?token=" + token);
        Api member = admin.userIn("default", "dash-member", "MEMBER");
        assertThat(member.get(CLUSTERS + "/dash").json()).containsEntry("dashboardUrl", DASHBOARD);
        assertThat(member.get(CLUSTERS + "/dash/credentials").status()).as("not the creator, not an admin").isEqualTo(403);

        Caller adminCaller = Caller.of(users.findByUsername(BootstrapAdmin.ADMIN_USERNAME).orElseThrow());
        assertThat(connections.dashboardLink(adminCaller, "default", "dash")).contains(DASHBOARD + "?token=" + token);

        String dump = DatabaseDump.of(jdbcUrl);
        assertThat(dump).contains("dash").contains(DASHBOARD).doesNotContain(token);
        assertThat(dump.toLowerCase()).doesNotContain(DatabaseDump.hex(token));
        assertThat(logs.text()).doesNotContain(token);
    }

    private Map<String, Object> bootstrap(Cluster cluster, InstanceRole role, String name) {
        String bootstrapToken = rows.launched(cluster, role, name, "p-" + name, null);
        Api.Reply reply = new Api(client, bootstrapToken).post("/api/v1/agent/bootstrap", null);
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(200);
        return reply.json();
    }
}
