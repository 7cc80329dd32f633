package io.flotilla.cluster.agent;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterEventRepository;
import io.flotilla.identity.Workspace;
import io.flotilla.identity.WorkspaceRepository;
import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.aws.MotoServer;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.HandMadeClusters;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent of an AWS cluster's instance learns from its bootstrap where to ship its log, and the log group
 * exists with the configured retention by then; a local cluster's agent gets no log settings. The cluster's
 * REST view links to the group in the CloudWatch console.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentBootstrapLogsTest extends AppTestProperties {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    HandMadeClusters rows;
    @Inject
    ClusterEventRepository events;
    @Inject
    WorkspaceRepository workspaces;

    @Override
    protected Map<String, String> extraProperties() {
        MOTO.startedEndpoint();
        // the SDK's default credential chain reads these system properties first
        System.setProperty("aws.accessKeyId", MotoServer.ACCESS_KEY_ID);
        System.setProperty("aws.secretAccessKey", MotoServer.SECRET_KEY);
        return Map.of("flotilla.aws.enabled", "true", "flotilla.aws.region", MotoServer.REGION,
                "flotilla.aws.endpoint-override", MOTO.endpoint().toString(),
                "flotilla.aws.log-retention-days", "6",
                // no reconciler: it would launch these hand-made clusters
                "flotilla.tasks.enabled", "false");
    }

    @AfterAll
    void clearCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void awsInstanceGetsItsStreamAndTheGroupExistsWithRetention() {
        Cluster cluster = cluster("aws", "logged");
        String token = instance(cluster, "scheduler");
        Api.Reply boot = new Api(client, token).post("/api/v1/agent/bootstrap", null);
        assertThat(boot.status()).isEqualTo(200);
        assertThat(boot.json().get("logs")).isEqualTo(Map.of("kind", "cloudwatch", "group", "/flotilla/default",
                "stream", cluster.id() + "/scheduler", "region", MotoServer.REGION, "endpointUrl", MOTO.endpoint().toString()));
        CloudWatchLogsClient logs = MOTO.clients().logs(MotoServer.REGION, MOTO.clients().defaultCredentials());
        LogGroup group = logs.describeLogGroups(b -> b.logGroupNamePrefix("/flotilla/")).logGroups().stream()
                .filter(g -> g.logGroupName().equals("/flotilla/default")).findFirst().orElseThrow();
        assertThat(group.retentionInDays()).as("6 days rounded up to a retention CloudWatch accepts").isEqualTo(7);
        assertThat(events.findByClusterIdOrderById(cluster.id())).noneMatch(e -> e.kind().equals("logs"));

        Map<String, Object> view = new Api(client, ADMIN_TOKEN).get("/api/v1/workspaces/default/clusters/logged").json();
        assertThat(view.get("logsUrl")).isEqualTo("https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1"
                + "#logsV2:log-groups/log-group/$252Fflotilla$252Fdefault");
    }

    @Test
    void localInstanceKeepsItsLogLocally() {
        Cluster cluster = cluster("local", "local-one");
        Api.Reply boot = new Api(client, instance(cluster, "scheduler")).post("/api/v1/agent/bootstrap", null);
        assertThat(boot.status()).isEqualTo(200);
        assertThat(boot.json()).doesNotContainKey("logs");
        assertThat(new Api(client, ADMIN_TOKEN).get("/api/v1/workspaces/default/clusters/local-one").json())
                .doesNotContainKey("logsUrl");
    }

    @Test
    @Order(Integer.MAX_VALUE) // stops CloudWatch (moto) for good
    void withoutCloudWatchTheInstanceStillBootsAndTheEventsSayWhy() throws Exception {
        workspaces.save(new Workspace(UUID.randomUUID(), "offline", null, Instant.now()));
        Cluster cluster = cluster("aws", "unlogged", "offline");
        MOTO.afterAll(null);
        Api.Reply boot = new Api(client, instance(cluster, "scheduler")).post("/api/v1/agent/bootstrap", null);
        assertThat(boot.status()).isEqualTo(200);
        assertThat(boot.json()).doesNotContainKey("logs").containsKey("tls");
        assertThat(events.findByClusterIdOrderById(cluster.id())).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo("logs");
            assertThat(e.message()).startsWith("Logs of scheduler are not shipped: Could not prepare the CloudWatch log"
                    + " group /flotilla/offline in us-east-1: ");
        });
    }

    private Cluster cluster(String provider, String name) {
        return cluster(provider, name, "default");
    }

    private Cluster cluster(String provider, String name, String workspace) {
        return rows.starting(provider, workspace, name, 0);
    }

    private String instance(Cluster cluster, String name) {
        return rows.launched(cluster, InstanceRole.SCHEDULER, name, "i-0123456789abcdef0", "10.0.0.7");
    }
}
