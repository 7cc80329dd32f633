package io.flotilla.logs.aws;

import io.flotilla.logs.AgentLogSettings;
import io.flotilla.logs.LogLine;
import io.flotilla.logs.LogQuery;
import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.cluster.ClusterStatus;
import io.flotilla.cluster.ClusterTarget;
import io.flotilla.cluster.InstanceStatus;
import io.flotilla.error.ServiceException;
import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.aws.AwsAccountContext;
import io.flotilla.provider.aws.AwsAccounts;
import io.flotilla.provider.aws.AwsClients;
import io.flotilla.provider.aws.CloudWatchLogGroups;
import io.flotilla.provider.aws.MotoServer;
import io.flotilla.provider.aws.RecordingInterceptor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The AWS log source against a real CloudWatch Logs API (moto): the group it prepares, and log queries over
 * streams written the way an instance's agent writes them.
 */
class CloudWatchLogSourceTest {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();
    /** Records only the appliance's own calls: the agent's writes are the worker role's, not the ongoing policy's. */
    static final RecordingInterceptor RECORDER = new RecordingInterceptor();
    static final Instant T0 = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    AwsClients clients;
    CloudWatchLogsClient agent;
    Cluster cluster;
    ClusterInstance scheduler;
    ClusterInstance worker1;
    ClusterInstance worker2;

    @BeforeEach
    void setUp() {
        clients = MOTO.clients(RECORDER);
        agent = MOTO.clients().logs(MotoServer.REGION, clients.defaultCredentials());
        cluster = cluster(UUID.randomUUID());
        scheduler = instance(InstanceRole.SCHEDULER, "scheduler");
        worker1 = instance(InstanceRole.WORKER, "worker-1");
        worker2 = instance(InstanceRole.WORKER, "worker-2");
    }

    @AfterAll
    static void writeOperations() {
        RECORDER.flush();
    }

    CloudWatchLogSource source(int retentionDays) {
        AwsAccountContext account = new AwsAccountContext("default", "default", MotoServer.REGION,
                clients.defaultCredentials(), List.of(), List.of(), null, retentionDays);
        return source(clients, account);
    }

    static CloudWatchLogSource source(AwsClients clients, AwsAccountContext account) {
        AwsAccounts accounts = new AwsAccounts() {
            @Override
            public List<AwsAccountContext> all() {
                return List.of(account);
            }
        };
        return new CloudWatchLogSource(accounts, clients, new CloudWatchLogGroups(clients), id -> "team-a");
    }

    @Test
    void agentSettingsNameTheInstancesStreamAndCreateTheGroupWithRoundedRetention() {
        CloudWatchLogSource source = source(10);
        AgentLogSettings settings = source.agentSettings(cluster, worker2).orElseThrow();
        assertThat(settings).isEqualTo(new AgentLogSettings("cloudwatch", "/flotilla/team-a", cluster.id() + "/worker-2",
                MotoServer.REGION, MOTO.endpoint().toString()));
        assertThat(group("/flotilla/team-a").retentionInDays()).as("10 days rounded up to what CloudWatch accepts").isEqualTo(14);
        // an existing group is fine, also for a fresh appliance process (new source, nothing cached)
        assertThat(source(30).agentSettings(cluster, scheduler).orElseThrow().stream()).isEqualTo(cluster.id() + "/scheduler");
        assertThat(group("/flotilla/team-a").retentionInDays()).isEqualTo(30);
        assertThat(source.consoleUrl(cluster)).contains("https://us-east-1.console.aws.amazon.com/cloudwatch/home"
                + "?region=us-east-1#logsV2:log-groups/log-group/$252Fflotilla$252Fteam-a");
    }

    @Test
    void readsTheSelectedInstancesLinesOldestFirstWithTimeWindowFilterAndLimit() {
        CloudWatchLogSource source = source(30);
        source.agentSettings(cluster, scheduler);
        put("scheduler", 0, "2026-01-01 - distributed.scheduler - INFO - Scheduler at: tls://10.0.0.7:8786");
        put("worker-1", 1, "distributed.worker - INFO - Start worker at: tls://10.0.0.8:40000");
        put("scheduler", 2, "distributed.scheduler - INFO - Register worker tls://10.0.0.8:40000");
        put("worker-1", 3, "distributed.worker - ERROR - task failed\nTraceback (most recent call last):\nValueError: boom");
        put("scheduler", 4, "distributed.scheduler - INFO - Remove worker tls://10.0.0.8:40000");
        List<ClusterInstance> all = List.of(scheduler, worker1, worker2); // worker-2 never wrote: no stream

        assertThat(text(source.read(cluster, all, query(null, null, null, 100)))).containsExactly(
                "scheduler|scheduler|0|2026-01-01 - distributed.scheduler - INFO - Scheduler at: tls://10.0.0.7:8786",
                "worker-1|worker|1|distributed.worker - INFO - Start worker at: tls://10.0.0.8:40000",
                "scheduler|scheduler|2|distributed.scheduler - INFO - Register worker tls://10.0.0.8:40000",
                "worker-1|worker|3|distributed.worker - ERROR - task failed",
                "worker-1|worker|3|Traceback (most recent call last):",
                "worker-1|worker|3|ValueError: boom",
                "scheduler|scheduler|4|distributed.scheduler - INFO - Remove worker tls://10.0.0.8:40000");
        assertThat(text(source.read(cluster, List.of(worker1, worker2), query(null, null, null, 100))))
                .as("only the instances LogService selected (role worker)").containsExactly(
                "worker-1|worker|1|distributed.worker - INFO - Start worker at: tls://10.0.0.8:40000",
                "worker-1|worker|3|distributed.worker - ERROR - task failed",
                "worker-1|worker|3|Traceback (most recent call last):",
                "worker-1|worker|3|ValueError: boom");
        assertThat(text(source.read(cluster, all, query(T0.plusSeconds(1), T0.plusSeconds(2), null, 100))))
                .as("since and until are inclusive").containsExactly(
                "worker-1|worker|1|distributed.worker - INFO - Start worker at: tls://10.0.0.8:40000",
                "scheduler|scheduler|2|distributed.scheduler - INFO - Register worker tls://10.0.0.8:40000");
        assertThat(text(source.read(cluster, all, query(null, null, "valueerror", 100))))
                .as("the text filter ignores case and matches lines, not whole events")
                .containsExactly("worker-1|worker|3|ValueError: boom");
        assertThat(text(source.read(cluster, all, query(null, null, "10.0.0.8:40000", 100))))
                .as("a case-free filter, also applied by CloudWatch").containsExactly(
                "worker-1|worker|1|distributed.worker - INFO - Start worker at: tls://10.0.0.8:40000",
                "scheduler|scheduler|2|distributed.scheduler - INFO - Register worker tls://10.0.0.8:40000",
                "scheduler|scheduler|4|distributed.scheduler - INFO - Remove worker tls://10.0.0.8:40000");
        assertThat(text(source.read(cluster, all, query(null, null, null, 2)))).as("the newest lines").containsExactly(
                "worker-1|worker|3|ValueError: boom",
                "scheduler|scheduler|4|distributed.scheduler - INFO - Remove worker tls://10.0.0.8:40000");
        assertThat(source.read(cluster, List.of(worker2), query(null, null, null, 100))).as("no stream yet").isEmpty();
    }

    @Test
    void readsMoreStreamsThanOneCallAccepts() {
        CloudWatchLogSource source = source(30);
        source.agentSettings(cluster, scheduler);
        List<ClusterInstance> workers = new ArrayList<>();
        for (int i = 1; i <= CloudWatchLogQuery.MAX_STREAMS_PER_CALL + 5; i++) {
            workers.add(instance(InstanceRole.WORKER, "worker-" + i));
            put("worker-" + i, i, "hello from worker-" + i);
        }
        List<LogLine> lines = source.read(cluster, workers, query(null, null, null, 1000));
        assertThat(lines).extracting(LogLine::message).containsExactlyElementsOf(
                IntStream.rangeClosed(1, 105).mapToObj(i -> "hello from worker-" + i).toList());
        assertThat(text(source.read(cluster, workers, query(null, null, null, 3)))).containsExactly(
                "worker-103|worker|103|hello from worker-103", "worker-104|worker|104|hello from worker-104",
                "worker-105|worker|105|hello from worker-105");
    }

    @Test
    void aMissingGroupReadsAsNoLines() {
        assertThat(source(30).read(cluster, List.of(scheduler, worker1), query(null, null, null, 100))).isEmpty();
    }

    @Test
    void anUnreachableCloudWatchIsAClearServiceError() {
        AwsClients unreachable = new AwsClients(URI.create("http://127.0.0.1:9"), clients.defaultCredentials(), List.of());
        AwsAccountContext account = new AwsAccountContext("default", "default", MotoServer.REGION,
                clients.defaultCredentials(), List.of(), List.of(), null, 30);
        CloudWatchLogSource source = source(unreachable, account);
        assertThatThrownBy(() -> source.read(cluster, List.of(scheduler), query(null, null, null, 10)))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.UNAVAILABLE);
                    assertThat(e.code()).isEqualTo("logs_unavailable");
                    assertThat(e.getMessage()).startsWith("Could not read the logs of cluster c from CloudWatch Logs"
                            + " (/flotilla/team-a in us-east-1): ").doesNotContain("\tat ");
                });
        assertThatThrownBy(() -> source.agentSettings(cluster, scheduler)).isInstanceOf(ServiceException.class)
                .hasMessageStartingWith("Could not prepare the CloudWatch log group /flotilla/team-a in us-east-1: ");
    }

    @Test
    void filterPatternIsALiteralTermOnlyWhereCaseCannotMatter() {
        assertThat(CloudWatchLogQuery.filterPattern("10.0.0.7:8786")).isEqualTo("\"10.0.0.7:8786\"");
        assertThat(CloudWatchLogQuery.filterPattern("error")).isNull();
        assertThat(CloudWatchLogQuery.filterPattern("say \"hi\"")).isNull();
        assertThat(CloudWatchLogQuery.filterPattern(null)).isNull();
    }

    @Test
    void retentionIsRoundedUpToAValueCloudWatchAccepts() {
        assertThat(Map.of(0, CloudWatchLogGroups.retentionDays(0), 1, CloudWatchLogGroups.retentionDays(1),
                10, CloudWatchLogGroups.retentionDays(10), 30, CloudWatchLogGroups.retentionDays(30),
                31, CloudWatchLogGroups.retentionDays(31), 366, CloudWatchLogGroups.retentionDays(366),
                9999, CloudWatchLogGroups.retentionDays(9999)))
                .isEqualTo(Map.of(0, 1, 1, 1, 10, 14, 30, 30, 31, 60, 366, 400, 9999, 3653));
    }

    void put(String instance, int second, String message) {
        String stream = CloudWatchLogNames.stream(cluster.id(), instance);
        if (agent.describeLogStreams(b -> b.logGroupName("/flotilla/team-a").logStreamNamePrefix(stream)).logStreams()
                .stream().noneMatch(s -> s.logStreamName().equals(stream))) {
            agent.createLogStream(b -> b.logGroupName("/flotilla/team-a").logStreamName(stream));
        }
        agent.putLogEvents(b -> b.logGroupName("/flotilla/team-a").logStreamName(stream).logEvents(
                InputLogEvent.builder().timestamp(T0.plusSeconds(second).toEpochMilli()).message(message).build()));
    }

    LogGroup group(String name) {
        return agent.describeLogGroups(b -> b.logGroupNamePrefix(name)).logGroups().stream()
                .filter(g -> g.logGroupName().equals(name)).findFirst().orElseThrow();
    }

    static LogQuery query(Instant since, Instant until, String filter, int limit) {
        return new LogQuery(null, null, since, until, filter, limit);
    }

    /** instance|role|second after T0|message */
    static List<String> text(List<LogLine> lines) {
        return lines.stream().map(l -> l.instance() + "|" + l.role() + "|" + (l.time().getEpochSecond() - T0.getEpochSecond())
                + "|" + l.message()).toList();
    }

    ClusterInstance instance(InstanceRole role, String name) {
        return new ClusterInstance(UUID.randomUUID(), cluster.id(), role, name, InstanceStatus.READY, ClusterTarget.RUNNING,
                "i-" + name, null, null, null, null, T0, T0);
    }

    static Cluster cluster(UUID id) {
        return new Cluster(id, UUID.randomUUID(), UUID.randomUUID(), "c", "aws", ClusterStatus.RUNNING, ClusterTarget.RUNNING,
                null, "{}", 2, null, null, null, null, null, null, 0, null, 0, null, null, null, T0, T0, T0, null, null);
    }
}
