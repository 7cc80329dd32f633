package io.flotilla.logs.gcp;

import com.google.api.MonitoredResource;
import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.logging.v2.LoggingClient;
import com.google.logging.v2.ListLogEntriesRequest;
import com.google.logging.v2.LogEntry;
import com.google.logging.type.LogSeverity;
import com.google.logging.v2.WriteLogEntriesRequest;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.cluster.ClusterStatus;
import io.flotilla.cluster.ClusterTarget;
import io.flotilla.cluster.InstanceStatus;
import io.flotilla.error.ServiceException;
import io.flotilla.logs.AgentLogSettings;
import io.flotilla.logs.LogLine;
import io.flotilla.logs.LogQuery;
import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.gcp.logging.FakeCloudLogging;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The GCP log source against the Cloud Logging fake (in-process, the real LoggingClient): entries written the
 * way an instance's agent writes them (its {@link AgentLogSettings}), read back by role, instance, time window,
 * text and limit.
 */
class CloudLoggingLogSourceTest {
    static final String PROJECT = "team-project";
    static final Instant T0 = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    FakeCloudLogging fake;
    ManagedChannel channel;
    CloudLoggingClients clients;
    LoggingClient agent;
    CloudLoggingLogSource source;
    Cluster cluster;
    ClusterInstance scheduler;
    ClusterInstance worker1;
    ClusterInstance worker2;

    @BeforeEach
    void setUp() throws Exception {
        fake = FakeCloudLogging.inProcess().start();
        channel = fake.channel();
        clients = new CloudLoggingClients(FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)), null);
        agent = clients.open(NoCredentialsProvider.create());
        source = new CloudLoggingLogSource(new FixedTarget(PROJECT), clients, id -> "team-a");
        cluster = cluster(UUID.randomUUID());
        scheduler = instance(InstanceRole.SCHEDULER, "scheduler");
        worker1 = instance(InstanceRole.WORKER, "worker-1");
        worker2 = instance(InstanceRole.WORKER, "worker-2");
    }

    @AfterEach
    void tearDown() throws Exception {
        agent.close();
        channel.shutdownNow();
        fake.close();
    }

    @Test
    void agentSettingsNameTheWorkspacesLogAndTheInstancesLabels() {
        AgentLogSettings settings = source.agentSettings(cluster, worker2).orElseThrow();
        assertThat(settings).isEqualTo(new AgentLogSettings("cloud_logging", "projects/team-project/logs/flotilla-team-a",
                "worker-2", PROJECT, null, Map.of("flotilla-cluster", cluster.id().toString(), "flotilla-role", "worker",
                "flotilla-instance", "worker-2")));
        assertThat(source.providerId()).isEqualTo("gcp");
        CloudLoggingClients loopback = new CloudLoggingClients("127.0.0.1:4321");
        assertThat(new CloudLoggingLogSource(new FixedTarget(PROJECT), loopback, id -> "team-a")
                .agentSettings(cluster, scheduler).orElseThrow())
                .extracting(AgentLogSettings::endpointUrl, s -> s.labels().get("flotilla-role"))
                .containsExactly("127.0.0.1:4321", "scheduler");
        assertThat(CloudLoggingNames.logName("p", "a b/c")).isEqualTo("projects/p/logs/flotilla-a%20b%2Fc");
        assertThat(List.of("127.0.0.1:4321", "localhost:1", "[::1]:9")).allMatch(CloudLoggingClients::loopback);
        assertThat(List.of("private.googleapis.com:443", "10.0.0.1:443", "[2001:db8::1]:443")).noneMatch(CloudLoggingClients::loopback);
    }

    @Test
    void readsTheNewestLinesOldestFirstByRoleAndInstance() {
        ship(scheduler, 0, "distributed.scheduler - INFO - Scheduler at tls://10.0.0.2:8786");
        ship(worker1, 1, "distributed.worker - INFO - Start worker\n  traceback line\n  last line");
        ship(worker2, 2, "distributed.worker - WARNING - Memory use is high");
        ship(worker1, 3, "distributed.worker - INFO - Registered to tls://10.0.0.2:8786");
        ClusterInstance other = instance(InstanceRole.WORKER, "worker-1");
        Cluster otherCluster = cluster(UUID.randomUUID());
        shipAs(otherCluster, other, 4, "another cluster's line");

        List<ClusterInstance> all = List.of(scheduler, worker1, worker2);
        assertThat(lines(all, query(null, null, null, null, null, 100))).containsExactly(
                "scheduler|scheduler|distributed.scheduler - INFO - Scheduler at tls://10.0.0.2:8786",
                "worker-1|worker|distributed.worker - INFO - Start worker",
                "worker-1|worker|  traceback line",
                "worker-1|worker|  last line",
                "worker-2|worker|distributed.worker - WARNING - Memory use is high",
                "worker-1|worker|distributed.worker - INFO - Registered to tls://10.0.0.2:8786");
        assertThat(lines(all, query(null, null, null, null, null, 3))).containsExactly(
                "worker-1|worker|  last line",
                "worker-2|worker|distributed.worker - WARNING - Memory use is high",
                "worker-1|worker|distributed.worker - INFO - Registered to tls://10.0.0.2:8786");
        assertThat(lines(List.of(worker1, worker2), query("worker", null, null, null, null, 100))).hasSize(5)
                .allMatch(l -> l.startsWith("worker-"));
        assertThat(lines(List.of(worker2), query("worker", "worker-2", null, null, null, 100)))
                .containsExactly("worker-2|worker|distributed.worker - WARNING - Memory use is high");
        assertThat(lines(all, query(null, null, T0.plusSeconds(1), T0.plusSeconds(2), "LINE", 100)))
                .containsExactly("worker-1|worker|  traceback line", "worker-1|worker|  last line");
        assertThat(lines(all, query(null, null, null, null, "10.0.0.2", 1)))
                .containsExactly("worker-1|worker|distributed.worker - INFO - Registered to tls://10.0.0.2:8786");
        // an instance the query did not select is not read, even when the server returns it
        assertThat(lines(List.of(worker2), query(null, null, null, null, null, 100))).hasSize(1);

        ListLogEntriesRequest sent = fake.listRequests().get(fake.listRequests().size() - 1);
        assertThat(sent.getResourceNamesList()).containsExactly("projects/team-project");
        assertThat(sent.getOrderBy()).isEqualTo("timestamp desc");
        assertThat(sent.getFilter()).isEqualTo("logName=\"projects/team-project/logs/flotilla-team-a\" AND "
                + "labels.\"flotilla-cluster\"=\"" + cluster.id() + "\"");
        assertThat(fake.listRequests().get(3).getFilter()).endsWith("AND labels.\"flotilla-instance\"=\"worker-2\"");
        assertThat(fake.listRequests().get(4).getFilter()).endsWith(" AND timestamp>=\"" + T0.plusSeconds(1)
                + "\" AND timestamp<=\"" + T0.plusSeconds(2) + "\"");
    }

    @Test
    void pagesUntilTheLimitAndNoFurther() {
        WriteLogEntriesRequest.Builder many = request(worker1);
        IntStream.range(0, 2500).forEach(i -> many.addEntries(LogEntry.newBuilder().setTextPayload("line " + i)
                .setTimestamp(at(T0.plusMillis(i)))));
        agent.writeLogEntries(many.build());

        List<LogLine> read = source.read(cluster, List.of(worker1), query(null, null, null, null, null, 1200));
        assertThat(read).hasSize(1200);
        assertThat(read.get(0).message()).isEqualTo("line 1300");
        assertThat(read.get(1199).message()).isEqualTo("line 2499");
        assertThat(fake.listRequests()).hasSize(2).allMatch(r -> r.getPageSize() == 1000);
        assertThat(source.read(cluster, List.of(worker1), query(null, null, null, null, null, 10))).hasSize(10);
        assertThat(fake.listRequests().get(2).getPageSize()).isEqualTo(10);
        assertThat(fake.listRequests()).hasSize(3);
    }

    @Test
    void jsonPayloadsReadAsTheirMessageAndNothingWrittenReadsAsNoLines() {
        assertThat(source.read(cluster, List.of(worker1), query(null, null, null, null, null, 10))).isEmpty();
        assertThat(source.read(cluster, List.of(), query(null, null, null, null, null, 10))).isEmpty();
        assertThat(fake.listRequests()).hasSize(1);
        agent.writeLogEntries(request(worker1).addEntries(LogEntry.newBuilder().setSeverity(LogSeverity.ERROR)
                .setTimestamp(at(T0)).setJsonPayload(Struct.newBuilder()
                        .putFields("message", Value.newBuilder().setStringValue("structured line").build()))).build());
        agent.writeLogEntries(request(worker1).addEntries(LogEntry.newBuilder().setTimestamp(at(T0.plusSeconds(1)))
                .setJsonPayload(Struct.newBuilder().putFields("n", Value.newBuilder().setNumberValue(3).build()))).build());
        assertThat(lines(List.of(worker1), query(null, null, null, null, null, 10)))
                .containsExactly("worker-1|worker|structured line", "worker-1|worker|{\"n\":3.0}");
    }

    @Test
    void consoleUrlOpensTheLogsExplorerOnTheCluster() {
        String url = source.consoleUrl(cluster).orElseThrow();
        assertThat(url).startsWith("https://console.cloud.google.com/logs/query;query=").endsWith("?project=team-project");
        String query = URLDecoder.decode(url.substring(url.indexOf("query=") + 6, url.indexOf('?')), StandardCharsets.UTF_8);
        assertThat(query).isEqualTo("logName=\"projects/team-project/logs/flotilla-team-a\"\nlabels.\"flotilla-cluster\"=\""
                + cluster.id() + "\"");
        assertThat(url).doesNotContain(" ").doesNotContain("\"");
    }

    @Test
    void withoutAnAccountOrAConfiguredProjectTheLogsAreUnavailableClearly() {
        io.flotilla.provider.gcp.GcpProviderConfig config = new io.flotilla.provider.gcp.GcpProviderConfig();
        io.flotilla.provider.account.CloudAccountDirectory none = new io.flotilla.provider.account.CloudAccountDirectory() {
            @Override
            public java.util.Optional<io.flotilla.provider.account.CloudAccountRef> find(java.util.UUID id) {
                return java.util.Optional.empty();
            }

            @Override
            public List<io.flotilla.provider.account.CloudAccountRef> ofProvider(String provider) {
                return List.of();
            }

            @Override
            public java.util.Optional<java.util.Map<String, String>> secret(java.util.UUID id) {
                return java.util.Optional.empty();
            }
        };
        var accounts = new io.flotilla.provider.gcp.GcpAccountContexts(none,
                new io.flotilla.provider.gcp.GcpCredentialSources(() -> { throw new AssertionError("no ADC wanted"); }, null), config);
        CloudLoggingLogSource unconfigured = new CloudLoggingLogSource(new AccountCloudLoggingTarget(accounts, clients), clients,
                id -> "team-a");
        assertThatThrownBy(() -> unconfigured.read(cluster, List.of(worker1), query(null, null, null, null, null, 10)))
                .isInstanceOf(ServiceException.class).hasMessageContaining("GCP is not configured on this appliance");
        config.setEnabled(true);
        config.setProject("p9");
        config.setRegion("europe-west4");
        assertThat(new AccountCloudLoggingTarget(accounts, clients).project(cluster)).as("the default account's project")
                .isEqualTo("p9");
    }

    /** Writes as an agent does: the request carries the log name, resource and labels of its settings. */
    private void ship(ClusterInstance instance, int second, String text) {
        shipAs(cluster, instance, second, text);
    }

    private void shipAs(Cluster of, ClusterInstance instance, int second, String text) {
        AgentLogSettings settings = source.agentSettings(of, instance).orElseThrow();
        agent.writeLogEntries(WriteLogEntriesRequest.newBuilder().setLogName(settings.group())
                .setResource(MonitoredResource.newBuilder().setType("generic_node").putLabels("node_id", settings.stream()))
                .putAllLabels(settings.labels())
                .addEntries(LogEntry.newBuilder().setTextPayload(text).setTimestamp(at(T0.plusSeconds(second)))).build());
    }

    private WriteLogEntriesRequest.Builder request(ClusterInstance instance) {
        AgentLogSettings settings = source.agentSettings(cluster, instance).orElseThrow();
        return WriteLogEntriesRequest.newBuilder().setLogName(settings.group())
                .setResource(MonitoredResource.newBuilder().setType("generic_node")).putAllLabels(settings.labels());
    }

    private List<String> lines(List<ClusterInstance> instances, LogQuery query) {
        return source.read(cluster, instances, query).stream().map(l -> l.instance() + "|" + l.role() + "|" + l.message()).toList();
    }

    static LogQuery query(String role, String instance, Instant since, Instant until, String filter, int limit) {
        return new LogQuery(role, instance, since, until, filter, limit);
    }

    static Timestamp at(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }

    ClusterInstance instance(InstanceRole role, String name) {
        return new ClusterInstance(UUID.randomUUID(), cluster.id(), role, name, InstanceStatus.READY, ClusterTarget.RUNNING,
                "gce-" + name, null, null, null, null, T0, T0);
    }

    static Cluster cluster(UUID id) {
        return new Cluster(id, UUID.randomUUID(), UUID.randomUUID(), "c", "gcp", ClusterStatus.RUNNING, ClusterTarget.RUNNING,
                null, "{}", 2, null, null, null, null, null, null, 0, null, 0, null, null, null, T0, T0, T0, null, null);
    }

    /** One project, no credentials (the fake). */
    record FixedTarget(String project) implements CloudLoggingTarget {
        @Override
        public String project(Cluster cluster) {
            return project;
        }

        @Override
        public CredentialsProvider credentials(Cluster cluster) {
            return NoCredentialsProvider.create();
        }
    }
}
