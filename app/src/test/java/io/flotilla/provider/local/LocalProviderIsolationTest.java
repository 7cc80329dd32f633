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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The local provider with the appliance as root (as the tests run here and in CI): each cluster's instances run
 * as that cluster's own unprivileged uid, in a 0700 directory of their own, and the data directory is closed to
 * them; an interpreter they cannot execute fails the launch with the reason.
 */
class LocalProviderIsolationTest {
    @TempDir
    Path dataDir;
    private final LocalTestSupport support = new LocalTestSupport();

    @BeforeEach
    void onlyAsRoot() {
        assumeTrue(LocalIsolation.effectiveUid() == 0, "isolation needs the appliance to run as root");
    }

    @AfterEach
    void stopEverything() {
        support.stopEverything(dataDir);
    }

    @Test
    void eachClusterRunsAsItsOwnUidInItsOwnDirectory() throws Exception {
        LocalComputeProvider provider = support.provider(dataDir, FakeAgentRuntime.Mode.SLEEP, Duration.ofSeconds(2));
        LaunchedInstance a1 = provider.launch(request("cluster-a", "scheduler", "a1"));
        LaunchedInstance a2 = provider.launch(request("cluster-a", "worker-1", "a2"));
        LaunchedInstance b1 = provider.launch(request("cluster-b", "scheduler", "b1"));
        for (LaunchedInstance instance : new LaunchedInstance[] {a1, a2, b1}) {
            support.awaitLogLine(dataDir, instance.instanceId(), "child ");
        }

        long uidA = processUid(a1);
        assertThat(uidA).as("not root").isNotZero();
        assertThat(processUid(a2)).as("one uid per cluster").isEqualTo(uidA);
        assertThat(processUid(b1)).as("another cluster, another uid").isNotEqualTo(uidA).isNotZero();
        assertThat(support.record(dataDir, a1.instanceId()).uid()).isEqualTo(uidA);

        Path dirA = support.agentLog(dataDir, a1.instanceId()).getParent();
        assertThat(Files.getAttribute(dirA, "unix:uid")).isEqualTo((int) uidA);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dirA))).isEqualTo("rwx------");
        RunAsAccount account = RunAsAccount.lookup(LocalIsolationPolicy.DEFAULT_ACCOUNT).orElseThrow();
        assertThat(Files.getAttribute(dataDir, "unix:gid")).isEqualTo((int) account.gid());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx--x---");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("runtime"))))
                .isEqualTo("rwxr-x---");

        String env = support.awaitLogLine(dataDir, a1.instanceId(), "env-names ");
        assertThat(env).contains("HOME", "TMPDIR");
    }

    @Test
    void theDataDirectorysOtherEntriesLoseGroupAndOtherAccess() throws Exception {
        Path logs = Files.createDirectories(dataDir.resolve("logs"));
        Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path note = Files.writeString(dataDir.resolve("initial-password.txt"), "x");
        Files.setPosixFilePermissions(note, PosixFilePermissions.fromString("rw-r--r--"));
        LocalComputeProvider provider = support.provider(dataDir, FakeAgentRuntime.Mode.SLEEP, Duration.ofSeconds(2));
        provider.launch(request("cluster-a", "worker-1", "w1"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(logs))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(note))).isEqualTo("rw-------");
    }

    @Test
    void softwareEnvironmentsAreReadableByTheGroupAndTheirBuildLogsAreNot() throws Exception {
        Path environments = Files.createDirectories(dataDir.resolve("environments"));
        Path venvs = Files.createDirectories(environments.resolve("venvs"));
        Path buildLogs = Files.createDirectories(environments.resolve("logs"));
        for (Path dir : java.util.List.of(environments, venvs, buildLogs)) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        LocalComputeProvider provider = support.provider(dataDir, FakeAgentRuntime.Mode.SLEEP, Duration.ofSeconds(2));
        provider.launch(request("cluster-e", "worker-1", "we"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(environments))).isEqualTo("rwx--x---");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(venvs))).isEqualTo("rwxr-x---");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(buildLogs))).isEqualTo("rwx------");
    }

    @Test
    void anInterpreterTheInstanceCannotExecuteFailsTheLaunchWithTheReason() throws Exception {
        Path hidden = Files.createDirectories(dataDir.resolve("private-runtime"));
        Files.setPosixFilePermissions(hidden, PosixFilePermissions.fromString("rwx------"));
        Path python = Files.writeString(hidden.resolve("python"), "#!/bin/sh\nexec sleep 600\n");
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));
        LocalProviderConfig config = new LocalProviderConfig();
        LocalComputeProvider provider = new LocalComputeProvider(new LocalInstancePaths(dataDir), config, () -> python,
                LocalIsolation.forThisProcess(config, dataDir), Clock.systemUTC(), ObjectMapper.getDefault());

        assertThatThrownBy(() -> provider.launch(request("cluster-a", "worker-1", "x1")))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.code()).isEqualTo("local_runtime_not_executable"))
                .hasMessageContaining("cannot execute the interpreter " + python);
        assertThat(provider.list(Map.of())).extracting(ObservedInstance::state).containsExactly(InstanceState.TERMINATED);
    }

    @Test
    void aRunAsUserThatDoesNotExistFailsTheLaunchWithTheReason() {
        LocalProviderConfig config = new LocalProviderConfig();
        config.setRunAs("no-such-flotilla-user");
        LocalIsolation isolation = LocalIsolation.forThisProcess(config, dataDir);
        LocalComputeProvider provider = new LocalComputeProvider(new LocalInstancePaths(dataDir), config,
                new FakeAgentRuntime(dataDir.resolve("runtime"), FakeAgentRuntime.Mode.SLEEP), isolation,
                Clock.systemUTC(), ObjectMapper.getDefault());

        assertThatThrownBy(() -> provider.launch(request("cluster-a", "worker-1", "n1")))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.code()).isEqualTo("local_run_as_missing"))
                .hasMessageContaining("'no-such-flotilla-user'");
        assertThat(isolation.detail()).startsWith("local clusters cannot start isolated");
        assertThat(provider.list(Map.of())).extracting(ObservedInstance::state).containsExactly(InstanceState.TERMINATED);
    }

    @Test
    void anEmptyUidRangeRunsEveryClusterAsTheAccountItself() throws Exception {
        LocalProviderConfig config = new LocalProviderConfig();
        config.setRunAsUids("");
        config.setTerminateGrace(Duration.ofSeconds(2));
        LocalComputeProvider provider = new LocalComputeProvider(new LocalInstancePaths(dataDir), config,
                new FakeAgentRuntime(dataDir.resolve("runtime"), FakeAgentRuntime.Mode.SLEEP),
                LocalIsolation.forThisProcess(config, dataDir), Clock.systemUTC(), ObjectMapper.getDefault());
        LaunchedInstance a = provider.launch(request("cluster-a", "worker-1", "e1"));
        support.awaitLogLine(dataDir, a.instanceId(), "child ");
        assertThat(processUid(a)).isEqualTo(RunAsAccount.lookup(LocalIsolationPolicy.DEFAULT_ACCOUNT).orElseThrow().uid());
    }

    private long processUid(LaunchedInstance instance) throws Exception {
        long pid = support.record(dataDir, instance.instanceId()).pid();
        return ((Number) Files.getAttribute(Path.of("/proc", Long.toString(pid)), "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
    }

    private static LaunchRequest request(String cluster, String name, String key) {
        return new LaunchRequest(key, name, InstanceRole.WORKER, new InstanceSize(1, 1L << 30),
                Map.of(ResourceTags.APPLIANCE, "appliance-1", ResourceTags.CLUSTER, cluster),
                new AgentBoot("http://127.0.0.1:9/", "flb_token"));
    }
}
