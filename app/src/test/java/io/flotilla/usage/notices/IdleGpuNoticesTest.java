package io.flotilla.usage.notices;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterEvent;
import io.flotilla.cluster.ClusterEventRepository;
import io.flotilla.cluster.ClusterRepository;
import io.flotilla.cluster.ClusterStatus;
import io.flotilla.cluster.ClusterTarget;
import io.flotilla.identity.TokenCodec;
import io.flotilla.identity.WorkspaceRepository;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.HandMadeClusters;
import io.flotilla.testing.MovableClock;
import io.flotilla.usage.UsagePolicies;
import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idle-GPU notices from heartbeats posted to the agent API: one per episode for an idle GPU worker, none for a busy
 * one; a cluster event, a notification to the owner and a signed webhook POST (retried) per notice.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdleGpuNoticesTest extends AppTestProperties {
    private final MovableClock clock = new MovableClock();
    @Inject
    EmbeddedServer server;
    @Inject
    HandMadeClusters rows;
    @Inject
    ClusterRepository clusters;
    @Inject
    ClusterEventRepository events;
    @Inject
    WorkspaceRepository workspaces;
    @Inject
    IdleGpuEpisodes episodes;
    @Inject
    UsagePolicies policies;
    @Inject
    IdleGpuNotices notices;
    @Inject
    JsonMapper json;
    private Api admin;
    private WebhookReceiver receiver;

    @MockBean(Clock.class)
    Clock clock() {
        return clock;
    }

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.tasks.enabled", "false", "flotilla.usage.webhook.retry-delay", "200ms");
    }

    @BeforeAll
    void setUp() throws Exception {
        admin = new Api(HttpClient.create(server.getURL()), ADMIN_TOKEN);
        receiver = new WebhookReceiver();
    }

    @AfterAll
    void tearDown() {
        receiver.close();
    }

    @Test
    void anIdleGpuWorkerIsNoticedOncePerEpisodeABusyOneNeverAndTheWebhookSignatureVerifies() throws Exception {
        var settings = admin.put("/api/v1/workspaces/default/usage-settings", Map.of("idleGpuThresholdPercent", 10,
                "idleGpuMinutes", 30, "webhookUrl", receiver.url(), "collectTaskPrefixes", false, "rotateWebhookSecret", true));
        assertThat(settings.status()).isEqualTo(200);
        String secret = (String) settings.json().get("webhookSecret");
        assertThat(secret).startsWith("whsec_");
        Cluster cluster = rows.withRow("local", "default", "gpus", 2, ClusterStatus.RUNNING, ClusterTarget.RUNNING);
        String token = TokenCodec.newToken("fct_");
        clusters.update(cluster.withClusterTokenHash(TokenCodec.sha256(token)));
        Api agent = admin.as(token);

        beat(agent, Map.of("idle-1", 2.0, "busy-1", 85.0));
        clock.advance(Duration.ofMinutes(29));
        beat(agent, Map.of("idle-1", 3.0, "busy-1", 90.0));
        assertThat(usageEvents(cluster)).as("not idle long enough yet").isEmpty();
        clock.advance(Duration.ofMinutes(2));
        receiver.refuseNext(1);
        beat(agent, Map.of("idle-1", 1.0, "busy-1", 70.0));
        clock.advance(Duration.ofMinutes(5));
        beat(agent, Map.of("idle-1", 0.0, "busy-1", 70.0));
        assertThat(usageEvents(cluster)).as("one notice for the idle worker, none for the busy one").singleElement()
                .satisfies(e -> assertThat(e.message()).contains("idle-1", "below 10%", "31 minutes")
                        .doesNotContain("busy-1"));

        // another replica (no memory of this cluster) continues the same episode from the database
        IdleGpuWatch otherReplica = new IdleGpuWatch(episodes, policies, notices);
        clock.advance(Duration.ofMinutes(5));
        beat(agent, Map.of("idle-1", 4.0, "busy-1", 70.0));
        assertThat(otherReplica.observed(clusters.findById(cluster.id()).orElseThrow(),
                heartbeat(Map.of("idle-1", 4.0)), clock.instant())).isEmpty();
        assertThat(usageEvents(cluster)).hasSize(1);

        // busy again ends the episode; idle again for 30 minutes is a new one
        beat(agent, Map.of("idle-1", 60.0, "busy-1", 70.0));
        assertThat(episodes.of(cluster.id())).isEmpty();
        beat(agent, Map.of("idle-1", 5.0, "busy-1", 70.0));
        clock.advance(Duration.ofMinutes(30));
        beat(agent, Map.of("idle-1", 5.0, "busy-1", 70.0));
        assertThat(usageEvents(cluster)).hasSize(2);

        // the worker leaves: its episode ends
        beat(agent, Map.of("busy-1", 70.0));
        assertThat(episodes.of(cluster.id())).isEmpty();

        List<WebhookReceiver.Received> posts = receiver.await(2);
        assertThat(posts).hasSize(2);
        assertThat(receiver.attempts()).as("the first POST was refused once and retried").isEqualTo(3);
        for (WebhookReceiver.Received post : posts) {
            assertThat(post.signature()).isEqualTo(hmac(secret, post.timestamp() + "." + post.body()));
            assertThat(Long.parseLong(post.timestamp())).isPositive().isLessThanOrEqualTo(clock.instant().getEpochSecond());
            Map<?, ?> body = json.readValue(post.body(), Map.class);
            assertThat(body.get("event")).isEqualTo("idle_gpu");
            assertThat(body.get("worker")).isEqualTo("idle-1");
            assertThat(body.get("clusterId")).isEqualTo(cluster.id().toString());
        }
        assertThat(hmac("whsec_wrong", posts.get(0).timestamp() + "." + posts.get(0).body()))
                .isNotEqualTo(posts.get(0).signature());

        var mine = admin.get("/api/v1/me/notifications");
        assertThat(mine.status()).isEqualTo(200);
        List<?> list = (List<?>) mine.json().get("notifications");
        assertThat(list).hasSizeGreaterThanOrEqualTo(2);
        assertThat(((Number) mine.json().get("unread")).intValue()).isGreaterThanOrEqualTo(2);
        String id = ((Map<?, ?>) list.get(0)).get("id").toString();
        assertThat(((Map<?, ?>) list.get(0)).get("message").toString()).contains("idle-1");
        var read = admin.post("/api/v1/me/notifications/" + id + "/read", Map.of());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("readAt")).isNotNull();
        assertThat(admin.post("/api/v1/me/notifications/" + UUID.randomUUID() + "/read", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void usageSettingsAreReadByMembersChangedByAdminsAndBadInputIs400() {
        String path = "/api/v1/workspaces/default/usage-settings";
        Api member = admin.userIn("default", "settings-reader", "member");
        var read = member.get(path);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).containsKeys("idleGpuThresholdPercent", "idleGpuMinutes", "collectTaskPrefixes", "collected")
                .doesNotContainEntry("webhookSecret", "x");
        assertThat(member.put(path, Map.of("idleGpuThresholdPercent", 5, "idleGpuMinutes", 10,
                "collectTaskPrefixes", true)).status()).isEqualTo(403);
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("idleGpuThresholdPercent", 101, "idleGpuMinutes", 10, "collectTaskPrefixes", true),
                Map.of("idleGpuThresholdPercent", 5, "idleGpuMinutes", 0, "collectTaskPrefixes", true),
                Map.of("idleGpuThresholdPercent", 5, "idleGpuMinutes", 10081, "collectTaskPrefixes", true),
                Map.of("idleGpuThresholdPercent", 5, "idleGpuMinutes", 10),
                Map.of("idleGpuThresholdPercent", 5, "idleGpuMinutes", 10, "collectTaskPrefixes", true,
                        "webhookUrl", "http://hooks.example.com/x"),
                Map.of("idleGpuThresholdPercent", 5, "idleGpuMinutes", 10, "collectTaskPrefixes", true,
                        "webhookUrl", "https://user:pw@hooks.example.com/x"),
                Map.of("idleGpuThresholdPercent", 5, "idleGpuMinutes", 10, "collectTaskPrefixes", true,
                        "webhookUrl", "ftp://hooks.example.com/x"))) {
            var reply = admin.put(path, bad);
            assertThat(reply.status()).as(bad.toString()).isEqualTo(400);
            assertThat(reply.json().get("message")).as(bad.toString()).asString().isNotBlank();
        }
        var cleared = admin.put(path, Map.of("idleGpuThresholdPercent", 20, "idleGpuMinutes", 45, "collectTaskPrefixes", false));
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(cleared.json().get("webhookUrl")).isNull();
        var set = admin.put(path, Map.of("idleGpuThresholdPercent", 20, "idleGpuMinutes", 45, "collectTaskPrefixes", false,
                "webhookUrl", "https://hooks.example.com/flotilla"));
        assertThat(set.status()).isEqualTo(200);
        String first = (String) set.json().get("webhookSecret");
        assertThat(first).startsWith("whsec_");
        var again = admin.put(path, Map.of("idleGpuThresholdPercent", 20, "idleGpuMinutes", 45, "collectTaskPrefixes", false,
                "webhookUrl", "https://hooks.example.com/flotilla"));
        assertThat(again.json().get("webhookSecret")).as("shown once").isNull();
        var rotated = admin.put(path, Map.of("idleGpuThresholdPercent", 20, "idleGpuMinutes", 45, "collectTaskPrefixes", false,
                "webhookUrl", "https://hooks.example.com/flotilla", "rotateWebhookSecret", true));
        assertThat((String) rotated.json().get("webhookSecret")).startsWith("whsec_").isNotEqualTo(first);
        String rotatedSecret = (String) rotated.json().get("webhookSecret");
        try (var sql = sql(); var dump = sql.prepareStatement("SELECT string_agg(t::text, ' ') FROM"
                + " (SELECT * FROM workspace_usage_policies) t"); var secretsDump = sql.prepareStatement(
                "SELECT string_agg(encode(ciphertext, 'escape'), ' ') FROM secrets")) {
            var policies = dump.executeQuery();
            policies.next();
            assertThat(policies.getString(1)).as("no webhook secret in the policies table").doesNotContain(rotatedSecret)
                    .doesNotContain(first);
            var stored = secretsDump.executeQuery();
            stored.next();
            assertThat(String.valueOf(stored.getString(1))).as("the secret store keeps it encrypted")
                    .doesNotContain(rotatedSecret);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        var seen = member.get(path).json();
        assertThat(seen).containsEntry("idleGpuThresholdPercent", 20).containsEntry("idleGpuMinutes", 45)
                .containsEntry("webhookUrl", "https://hooks.example.com/flotilla").containsEntry("collectTaskPrefixes", false);
        assertThat(seen.get("webhookSecret")).isNull();
        assertThat((List<?>) seen.get("collected")).hasSize(5);
        // put back what the other test expects of the workspace
        assertThat(admin.put(path, Map.of("idleGpuThresholdPercent", 10, "idleGpuMinutes", 30, "collectTaskPrefixes", true,
                "webhookUrl", receiver.url())).status()).isEqualTo(200);
    }

    private List<ClusterEvent> usageEvents(Cluster cluster) {
        return events.findByClusterIdOrderById(cluster.id()).stream()
                .filter(e -> e.kind().equals(IdleGpuNotices.EVENT_KIND)).toList();
    }

    private void beat(Api agent, Map<String, Double> gpuWorkers) {
        List<Map<String, Object>> workers = new ArrayList<>();
        gpuWorkers.forEach((name, use) -> workers.add(worker(name, 1, use)));
        workers.add(worker("cpu-1", null, null));
        Map<String, Object> beat = new HashMap<>(Map.of("schedulerAddress", "tcp://127.0.0.1:8786", "workers", workers,
                "nThreads", 4, "memory", 1L << 30, "tasksProcessing", 0, "nClients", 1));
        var reply = agent.post("/api/v1/agent/heartbeat", beat);
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(200);
    }

    private static Map<String, Object> worker(String name, Integer gpus, Double use) {
        Map<String, Object> worker = new HashMap<>(Map.of("name", name, "address", "tcp://127.0.0.1:9000",
                "nthreads", 1, "memoryLimit", 1L << 30, "processing", 0));
        if (gpus != null) {
            worker.put("gpus", gpus);
            worker.put("gpuUtilization", use);
        }
        return worker;
    }

    private static io.flotilla.cluster.agent.Heartbeat heartbeat(Map<String, Double> gpuWorkers) {
        List<io.flotilla.cluster.agent.Heartbeat.WorkerInfo> workers = new ArrayList<>();
        gpuWorkers.forEach((name, use) -> workers.add(new io.flotilla.cluster.agent.Heartbeat.WorkerInfo(name,
                "tcp://127.0.0.1:9000", 1, 1L << 30, 0, 1, use)));
        return new io.flotilla.cluster.agent.Heartbeat("tcp://127.0.0.1:8786", null, workers, 1, 1L << 30, 0, null, 1,
                null, null, null);
    }

    /** The receiver's own check: hex HMAC-SHA256 of timestamp + "." + body. */
    private static String hmac(String secret, String signed) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(signed.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
