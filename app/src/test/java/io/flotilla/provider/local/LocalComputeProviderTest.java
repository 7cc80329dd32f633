package io.flotilla.provider.local;

import io.flotilla.error.ServiceException;
import io.flotilla.provider.AgentBoot;
import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.InstanceSize;
import io.flotilla.provider.InstanceState;
import io.flotilla.provider.LaunchRequest;
import io.flotilla.provider.LaunchedInstance;
import io.flotilla.provider.ObservedInstance;
import io.flotilla.provider.ResourceTags;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local provider against real, detached process groups. Linux only, like the provider. */
class LocalComputeProviderTest {
    private static final String TOKEN = "flb_bootstrap-secret-4242";

    @TempDir
    Path dataDir;
    private final LocalTestSupport support = new LocalTestSupport();

    @AfterEach
    void stopEverything() {
        support.stopEverything(dataDir);
    }

    @Test
    void launchesDetachedInstancesThatListByTag() throws Exception {
        LocalComputeProvider provider = support.provider(dataDir, FakeAgentRuntime.Mode.SLEEP, Duration.ofSeconds(5));
        LaunchedInstance first = provider.launch(request("cluster-a", "scheduler", "a-scheduler"));
        LaunchedInstance second = provider.launch(request("cluster-a", "worker-1", "a-worker-1"));

        assertThat(first.instanceId()).isNotEqualTo(second.instanceId());
        assertThat(first.privateAddress()).isEqualTo("127.0.0.1");
        List<ObservedInstance> observed = provider.list(Map.of(ResourceTags.CLUSTER, "cluster-a"));
        assertThat(observed).extracting(ObservedInstance::instanceName)
                .containsExactlyInAnyOrder("scheduler", "worker-1");
        assertThat(observed).allSatisfy(instance -> {
            assertThat(instance.state()).isEqualTo(InstanceState.RUNNING);
            assertThat(instance.tags()).containsEntry(ResourceTags.APPLIANCE, "appliance-1")
                    .containsEntry(ResourceTags.INSTANCE, instance.instanceName())
                    .containsEntry(ResourceTags.ROLE, "worker");
        });

        String envNames = support.awaitLogLine(dataDir, first.instanceId(), "env-names ");
        assertThat(envNames).contains("FLOTILLA_AGENT_URL", "FLOTILLA_AGENT_TOKEN", "FLOTILLA_AGENT_FINGERPRINT", "FLOTILLA_INSTANCE_ID",
                "FLOTILLA_INSTANCE_CPU", "FLOTILLA_INSTANCE_MEMORY_BYTES");
        assertThat(envNames).as("only allow-listed variables of the appliance reach an instance")
                .doesNotContain("JAVA_HOME", "MAVEN");
        Path firstDir = support.agentLog(dataDir, first.instanceId()).getParent();
        Path secondDir = support.agentLog(dataDir, second.instanceId()).getParent();
        assertThat(support.awaitLogLine(dataDir, first.instanceId(), "workdir "))
                .as("each instance keeps its key files in its own directory")
                .isEqualTo("workdir " + firstDir.resolve("agent"));
        assertThat(support.awaitLogLine(dataDir, second.instanceId(), "workdir "))
                .isEqualTo("workdir " + secondDir.resolve("agent"));
    }

    @Test
    void keepsTheTokenOffTheCommandLineAndRunsInItsOwnSession() throws Exception {
        LocalComputeProvider provider = support.provider(dataDir, FakeAgentRuntime.Mode.SLEEP, Duration.ofSeconds(5));
        LaunchedInstance launched = provider.launch(request("cluster-a", "worker-1", "k1"));
        long pid = support.record(dataDir, launched.instanceId()).pid();
        support.awaitLogLine(dataDir, launched.instanceId(), "child ");

        String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8);
        assertThat(cmdline).contains("fake_agent.py").doesNotContain(TOKEN);
        ProcStat agent = ProcStat.of(pid).orElseThrow();
        ProcStat jvm = ProcStat.of(ProcessHandle.current().pid()).orElseThrow();
        assertThat(agent.session()).as("own session").isEqualTo(pid).isNotEqualTo(jvm.session());
        assertThat(agent.pgid()).as("own process group").isEqualTo(pid);
        assertThat(Files.readString(support.agentLog(dataDir, launched.instanceId()))).doesNotContain(TOKEN);
        assertThat(Files.readString(support.recordFile(dataDir, launched.instanceId()))).doesNotContain(TOKEN);
    }

    @Test
    void aRepeatedLaunchWithTheSameKeyReturnsTheSameInstance() {
        LocalComputeProvider provider = support.provider(dataDir, FakeAgentRuntime.Mode.SLEEP, Duration.ofSeconds(5));
        LaunchedInstance first = provider.launch(request("cluster-a", "worker-1", "same-key"));
        LaunchedInstance again = provider.launch(request("cluster-a", "worker-1", "same-key"));

        assertThat(again).isEqualTo(first);
        assertThat(provider.list(Map.of())).hasSize(1);
    }

    @Test
    void terminateEndsTheWholeGroupAndKeepsTheLogs() throws Exception {
        LocalComputeProvider provider = support.provider(dataDir, FakeAgentRuntime.Mode.SLEEP, Duration.ofSeconds(5));
        LaunchedInstance launched = provider.launch(request("cluster-a", "worker-1", "t1"));
        long pid = support.record(dataDir, launched.instanceId()).pid();
        long child = Long.parseLong(support.awaitLogLine(dataDir, launched.instanceId(), "child ").substring(6));
        assertThat(ProcStat.of(child)).get().extracting(ProcStat::pgid).isEqualTo(pid);

        provider.terminate(List.of(launched.instanceId(), "local-0000000000000000", "../../etc/passwd"));

        assertThat(ProcStat.of(pid).filter(ProcStat::running)).as("agent").isEmpty();
        assertThat(ProcStat.of(child).filter(ProcStat::running)).as("the agent's child").isEmpty();
        assertThat(provider.list(Map.of())).singleElement()
                .extracting(ObservedInstance::state).isEqualTo(InstanceState.TERMINATED);
        assertThat(support.record(dataDir, launched.instanceId()).terminatedAt()).isNotNull();
        assertThat(new LocalLogFiles(new LocalInstancePaths(dataDir)).logFiles(launched.instanceId()))
                .singleElement().satisfies(log -> assertThat(Files.readString(log)).contains("env-names"));
        provider.terminate(List.of(launched.instanceId()));
    }

    @Test
    void instancesTerminatedLongerAgoThanTheRetentionAreRemovedWithTheirLogs() throws Exception {
        LocalComputeProvider provider = support.provider(dataDir, FakeAgentRuntime.Mode.SLEEP, Duration.ofSeconds(5));
        LaunchedInstance ended = provider.launch(request("cluster-a", "worker-1", "r1"));
        LaunchedInstance running = provider.launch(request("cluster-a", "worker-2", "r2"));
        support.awaitLogLine(dataDir, ended.instanceId(), "child ");
        Path endedDir = support.agentLog(dataDir, ended.instanceId()).getParent();
        provider.terminate(List.of(ended.instanceId()));

        assertThat(provider.removeEndedBefore(Instant.now().minus(Duration.ofHours(1))))
                .as("terminated a moment ago: within the retention").isEmpty();
        assertThat(provider.removeEndedBefore(Instant.now().plusSeconds(1))).containsExactly(ended.instanceId());

        assertThat(endedDir).doesNotExist();
        assertThat(support.recordFile(dataDir, ended.instanceId())).doesNotExist();
        assertThat(new LocalLogFiles(new LocalInstancePaths(dataDir)).logFiles(ended.instanceId())).isEmpty();
        assertThat(provider.list(Map.of())).extracting(ObservedInstance::instanceId)
                .containsExactly(running.instanceId());
        assertThat(provider.list(Map.of())).extracting(ObservedInstance::state).containsExactly(InstanceState.RUNNING);
        assertThat(support.agentLog(dataDir, running.instanceId())).as("a running instance keeps its log").exists();
    }

    @Test
    void aProcessThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
        LocalComputeProvider provider = support.provider(dataDir, FakeAgentRuntime.Mode.IGNORE_TERM,
                Duration.ofMillis(1500));
        LaunchedInstance launched = provider.launch(request("cluster-a", "worker-1", "stubborn"));
        long pid = support.record(dataDir, launched.instanceId()).pid();
        support.awaitLogLine(dataDir, launched.instanceId(), "child ");

        long started = System.nanoTime();
        provider.terminate(List.of(launched.instanceId()));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).as("waited for the grace").isGreaterThanOrEqualTo(Duration.ofMillis(1400));
        assertThat(ProcStat.of(pid).filter(ProcStat::running)).isEmpty();
        assertThat(provider.list(Map.of())).extracting(ObservedInstance::state)
                .containsExactly(InstanceState.TERMINATED);
    }

    @Test
    void anEntryWhosePidWasReusedIsTerminatedAndItsNewOwnerIsLeftAlone() throws Exception {
        Process stranger = new ProcessBuilder("sleep", "60").start();
        try {
            LocalInstanceRecord reused = new LocalInstanceRecord("local-00000000000000aa", "worker-9",
                    InstanceRole.WORKER, Map.of(ResourceTags.CLUSTER, "cluster-a"), "old-key", "127.0.0.1",
                    Clock.systemUTC().instant(), stranger.pid(),
                    stranger.info().startInstant().orElseThrow().minus(Duration.ofHours(1)), null, null, null);
            support.registry(dataDir).save(reused);
            LocalComputeProvider provider = support.provider(dataDir, FakeAgentRuntime.Mode.SLEEP,
                    Duration.ofSeconds(1));

            assertThat(provider.list(Map.of(ResourceTags.CLUSTER, "cluster-a"))).singleElement()
                    .extracting(ObservedInstance::state).isEqualTo(InstanceState.TERMINATED);
            provider.terminate(List.of(reused.instanceId()));
            assertThat(stranger.isAlive()).as("a process that merely got the old pid").isTrue();
        } finally {
            stranger.destroyForcibly();
        }
    }

    @Test
    void aTagFilterNeverReturnsAnotherClustersInstances() {
        LocalComputeProvider provider = support.provider(dataDir, FakeAgentRuntime.Mode.SLEEP, Duration.ofSeconds(5));
        LaunchedInstance mine = provider.launch(request("cluster-a", "worker-1", "a1"));
        LaunchedInstance theirs = provider.launch(request("cluster-b", "worker-1", "b1"));

        assertThat(provider.list(Map.of(ResourceTags.APPLIANCE, "appliance-1", ResourceTags.CLUSTER, "cluster-a")))
                .extracting(ObservedInstance::instanceId).containsExactly(mine.instanceId());
        assertThat(provider.list(Map.of(ResourceTags.CLUSTER, "cluster-b")))
                .extracting(ObservedInstance::instanceId).containsExactly(theirs.instanceId());
        assertThat(provider.list(Map.of(ResourceTags.APPLIANCE, "appliance-1"))).hasSize(2);
        assertThat(provider.list(Map.of(ResourceTags.APPLIANCE, "another-appliance"))).isEmpty();
    }

    @Test
    void anotherProviderOverTheSameDataDirSeesAndStopsTheInstances() {
        LocalComputeProvider before = support.provider(dataDir, FakeAgentRuntime.Mode.SLEEP, Duration.ofSeconds(5));
        LaunchedInstance launched = before.launch(request("cluster-a", "worker-1", "restart"));

        LocalComputeProvider after = support.provider(dataDir, FakeAgentRuntime.Mode.SLEEP, Duration.ofSeconds(5));
        assertThat(after.list(Map.of())).extracting(ObservedInstance::state).containsExactly(InstanceState.RUNNING);
        assertThat(after.launch(request("cluster-a", "worker-1", "restart"))).isEqualTo(launched);
        after.terminate(List.of(launched.instanceId()));
        assertThat(before.list(Map.of())).extracting(ObservedInstance::state)
                .containsExactly(InstanceState.TERMINATED);
    }

    @Test
    void aMissingRuntimeFailsClearlyAndLeavesATerminatedEntry() throws IOException {
        LocalProviderConfig config = new LocalProviderConfig();
        LocalComputeProvider provider = new LocalComputeProvider(new LocalInstancePaths(dataDir), config,
                () -> dataDir.resolve("no-such-venv/bin/python"), LocalIsolation.forThisProcess(config, dataDir),
                Clock.systemUTC(), ObjectMapper.getDefault());

        assertThatThrownBy(() -> provider.launch(request("cluster-a", "worker-1", "m1")))
                .isInstanceOf(ServiceException.class)
                .hasMessageContaining("no-such-venv");
        assertThat(provider.list(Map.of())).extracting(ObservedInstance::state)
                .containsExactly(InstanceState.TERMINATED);
    }

    private static LaunchRequest request(String cluster, String name, String key) {
        return new LaunchRequest(key, name, InstanceRole.WORKER, new InstanceSize(2, 4L << 30),
                Map.of(ResourceTags.APPLIANCE, "appliance-1", ResourceTags.WORKSPACE, "team",
                        ResourceTags.CLUSTER, cluster),
                new AgentBoot("https://127.0.0.1:9/", TOKEN, String.join(":", java.util.Collections.nCopies(32, "0F"))));
    }
}
