package io.flotilla.cluster.agent;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterEventRepository;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.cluster.ClusterInstanceRepository;
import io.flotilla.cluster.ClusterRepository;
import io.flotilla.cluster.ClusterStatus;
import io.flotilla.cluster.ClusterTarget;
import io.flotilla.cluster.InstanceStatus;
import io.flotilla.identity.BootstrapAdmin;
import io.flotilla.identity.TokenCodec;
import io.flotilla.identity.UserRepository;
import io.flotilla.identity.WorkspaceRepository;
import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.aws.MotoServer;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import io.flotilla.identity.Workspace;
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
import java.time.temporal.ChronoUnit;
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
    ClusterRepository clusters;
    @Inject
    ClusterInstanceRepository instances;
    @Inject
    ClusterEventRepository events;
    @Inject
    WorkspaceRepository workspaces;
    @Inject
    UserRepository users;

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

    Cluster cluster(String provider, String name) {
        return cluster(provider, name, "default");
    }

    Cluster cluster(String provider, String name, String workspaceName) {
        Instant now = Instant.now();
        UUID workspace = workspaces.findByName(workspaceName).orElseThrow().id();
        UUID owner = users.findByUsername(BootstrapAdmin.ADMIN_USERNAME).orElseThrow().id();
        return clusters.save(new Cluster(UUID.randomUUID(), workspace, owner, name, provider, ClusterStatus.STARTING,
                ClusterTarget.RUNNING, null, "{}", 0, null, null, null, null, null, null, 0, null, 0, null, null, null,
                now, now, null, null, null));
    }

    /** A launched instance row holding a fresh bootstrap token; returns the token. */
    String instance(Cluster cluster, String name) {
        String token = TokenCodec.newToken("fbt_");
        Instant now = Instant.now();
        instances.save(new ClusterInstance(UUID.randomUUID(), cluster.id(), InstanceRole.SCHEDULER, name,
                InstanceStatus.LAUNCHED, ClusterTarget.RUNNING, "i-0123456789abcdef0", TokenCodec.sha256(token),
                now.plus(10, ChronoUnit.MINUTES), "10.0.0.7", null, now, now));
        return token;
    }
}
