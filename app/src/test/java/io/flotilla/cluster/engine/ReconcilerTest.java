package io.flotilla.cluster.engine;

import io.flotilla.cluster.ClusterSpecView;
import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.cluster.ClusterSettings;
import io.flotilla.cluster.ClusterSpec;
import io.flotilla.cluster.ClusterStatus;
import io.flotilla.cluster.ClusterTarget;
import io.flotilla.cluster.InstanceStatus;
import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.InstanceState;
import io.flotilla.provider.ObservedInstance;
import io.flotilla.provider.ResourceTags;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure decision: tables of situations and their plans, and properties over random situations. */
class ReconcilerTest {
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private final ClusterSettings settings = new ClusterSettings();
    private final Reconciler reconciler = new Reconciler(settings);

    static Cluster cluster(ClusterStatus status, ClusterTarget target, int desired, Instant lastHeartbeat, String reason) {
        String spec = ClusterSpecView.write(new ClusterSpec(desired, null, null, null, null, 1200, 120, null, Map.of(), Map.of(), null));
        return new Cluster(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "c", "local", status, target, reason, spec,
                desired, null, null, lastHeartbeat == null ? null : "tls://127.0.0.1:1", null, null, lastHeartbeat, 0, null,
                1, null, null, null, NOW.minusSeconds(60), NOW.minusSeconds(30), lastHeartbeat == null ? null : NOW.minusSeconds(20), null, null);
    }

    static ClusterInstance row(UUID clusterId, InstanceRole role, InstanceStatus status, ClusterTarget target, String providerId) {
        return new ClusterInstance(UUID.randomUUID(), clusterId, role, role == InstanceRole.SCHEDULER ? "scheduler" : "worker-x",
                status, target, providerId, null, null, null, null, NOW.minusSeconds(30), NOW.minusSeconds(30));
    }

    static ObservedInstance seen(ClusterInstance row, InstanceState state) {
        return new ObservedInstance(row.providerInstanceId() == null ? "p-" + row.id() : row.providerInstanceId(), row.name(),
                row.role(), Map.of(ResourceTags.INSTANCE, row.id().toString()), state, NOW.minusSeconds(30), "127.0.0.1");
    }

    private List<Action> plan(Cluster c, List<ClusterInstance> rows, List<ObservedInstance> observed) {
        return reconciler.plan(new ClusterSnapshot(c, rows, observed, NOW));
    }

    @Nested
    class Table {
        @Test
        void pendingStartsProvisioning() {
            assertThat(plan(cluster(ClusterStatus.PENDING, ClusterTarget.RUNNING, 2, null, null), List.of(), List.of()))
                    .containsExactly(new Action.StartProvisioning());
        }

        @Test
        void startingWithoutSchedulerCreatesItAndItsWorkersTogether() {
            assertThat(plan(cluster(ClusterStatus.STARTING, ClusterTarget.RUNNING, 2, null, null), List.of(), List.of()))
                    .containsExactly(new Action.CreateInstance(InstanceRole.SCHEDULER),
                            new Action.CreateInstance(InstanceRole.WORKER), new Action.CreateInstance(InstanceRole.WORKER));
        }

        @Test
        void startingLaunchesWorkersBesideTheScheduler() {
            Cluster c = cluster(ClusterStatus.STARTING, ClusterTarget.RUNNING, 2, null, null);
            ClusterInstance scheduler = row(c.id(), InstanceRole.SCHEDULER, InstanceStatus.LAUNCHED, ClusterTarget.RUNNING, "p1");
            assertThat(plan(c, List.of(scheduler), List.of(seen(scheduler, InstanceState.RUNNING))))
                    .containsExactly(new Action.CreateInstance(InstanceRole.WORKER), new Action.CreateInstance(InstanceRole.WORKER));
        }

        @Test
        void launchedButNotCheckpointedIsCheckpointedNotRelaunched() {
            Cluster c = cluster(ClusterStatus.STARTING, ClusterTarget.RUNNING, 0, null, null);
            ClusterInstance scheduler = row(c.id(), InstanceRole.SCHEDULER, InstanceStatus.LAUNCHING, ClusterTarget.RUNNING, null);
            List<Action> plan = plan(c, List.of(scheduler), List.of(seen(scheduler, InstanceState.RUNNING)));
            assertThat(plan).hasSize(1).first().isInstanceOf(Action.Checkpoint.class);
        }

        @Test
        void rowWithoutInstanceIsLaunched() {
            Cluster c = cluster(ClusterStatus.STARTING, ClusterTarget.RUNNING, 0, null, null);
            ClusterInstance scheduler = row(c.id(), InstanceRole.SCHEDULER, InstanceStatus.LAUNCHING, ClusterTarget.RUNNING, null);
            assertThat(plan(c, List.of(scheduler), List.of())).containsExactly(new Action.Launch(scheduler.id()));
        }

        @Test
        void schedulerThatDiesBeforeReportingIsReplacedOnceThenTheClusterFails() {
            Cluster c = cluster(ClusterStatus.STARTING, ClusterTarget.RUNNING, 0, null, null);
            ClusterInstance dead = row(c.id(), InstanceRole.SCHEDULER, InstanceStatus.STOPPED, ClusterTarget.STOPPED, "p1");
            assertThat(plan(c, List.of(dead), List.of())).containsExactly(new Action.CreateInstance(InstanceRole.SCHEDULER));
            ClusterInstance deadAgain = row(c.id(), InstanceRole.SCHEDULER, InstanceStatus.STOPPED, ClusterTarget.STOPPED, "p2");
            assertThat(plan(c, List.of(dead, deadAgain), List.of())).hasSize(1).first()
                    .isInstanceOfSatisfying(Action.RequestStop.class, a -> assertThat(a.reason()).startsWith("failed: the scheduler exited"));
        }

        @Test
        void firstHeartbeatMarksRunning() {
            Cluster c = cluster(ClusterStatus.STARTING, ClusterTarget.RUNNING, 0, NOW, null);
            ClusterInstance scheduler = row(c.id(), InstanceRole.SCHEDULER, InstanceStatus.READY, ClusterTarget.RUNNING, "p1");
            assertThat(plan(c, List.of(scheduler), List.of(seen(scheduler, InstanceState.RUNNING)))).containsExactly(new Action.MarkRunning());
        }

        @Test
        void schedulerThatNeverReportsFailsTheClusterWithAReason() {
            Cluster c = cluster(ClusterStatus.STARTING, ClusterTarget.RUNNING, 0, null, null);
            Cluster old = new Cluster(c.id(), c.workspaceId(), c.ownerId(), c.name(), c.provider(), c.status(), c.target(), null,
                    c.spec(), 0, null, null, null, null, null, null, 0, null, 0, null, null, null, c.createdAt(),
                    NOW.minus(settings.getSchedulerStartTimeout()).minusSeconds(1), null, null, null);
            ClusterInstance scheduler = row(c.id(), InstanceRole.SCHEDULER, InstanceStatus.LAUNCHED, ClusterTarget.RUNNING, "p1");
            List<Action> plan = plan(old, List.of(scheduler), List.of(seen(scheduler, InstanceState.RUNNING)));
            assertThat(plan).hasSize(1).first().isInstanceOfSatisfying(Action.RequestStop.class,
                    a -> assertThat(a.reason()).startsWith("failed: the scheduler did not report"));
        }

        @Test
        void silentSchedulerIsHeartbeatLost() {
            Cluster c = cluster(ClusterStatus.RUNNING, ClusterTarget.RUNNING, 0, NOW.minus(Duration.ofMinutes(10)), null);
            ClusterInstance scheduler = row(c.id(), InstanceRole.SCHEDULER, InstanceStatus.READY, ClusterTarget.RUNNING, "p1");
            assertThat(plan(c, List.of(scheduler), List.of(seen(scheduler, InstanceState.RUNNING))))
                    .containsExactly(new Action.RequestStop("heartbeat lost"));
        }

        @Test
        void aWorkerTheCloudTookAwayIsGoneWithTheCloudsReasonNotAsAFailure() {
            Cluster c = cluster(ClusterStatus.RUNNING, ClusterTarget.RUNNING, 1, NOW, null);
            ClusterInstance scheduler = row(c.id(), InstanceRole.SCHEDULER, InstanceStatus.READY, ClusterTarget.RUNNING, "p1");
            ClusterInstance worker = row(c.id(), InstanceRole.WORKER, InstanceStatus.READY, ClusterTarget.RUNNING, "p2");
            ObservedInstance seenWorker = seen(worker, InstanceState.TERMINATED);
            ObservedInstance preempted = new ObservedInstance(seenWorker.instanceId(), seenWorker.instanceName(), seenWorker.role(),
                    seenWorker.tags(), InstanceState.TERMINATED, seenWorker.launchedAt(), seenWorker.privateAddress(),
                    "preempted by Compute Engine (Spot capacity reclaimed)");
            assertThat(plan(c, List.of(scheduler, worker), List.of(seen(scheduler, InstanceState.RUNNING), preempted)))
                    .as("gone with the cloud's reason (not 'failed: ...', which counts towards max worker failures)")
                    .containsExactly(new Action.InstanceGone(worker.id(), "preempted by Compute Engine (Spot capacity reclaimed)"));
            assertThat(plan(c, List.of(scheduler, worker), List.of(seen(scheduler, InstanceState.RUNNING), seenWorker)))
                    .as("without a reason it is a failure")
                    .containsExactly(new Action.InstanceGone(worker.id(), "failed: worker-x exited unexpectedly"));
        }

        @Test
        void stoppingTerminatesAndFinishes() {
            Cluster c = cluster(ClusterStatus.STOPPING, ClusterTarget.STOPPED, 0, NOW, "user request");
            assertThat(plan(c, List.of(), List.of())).containsExactly(new Action.Finish(ClusterStatus.STOPPED));
            Cluster failed = cluster(ClusterStatus.STOPPING, ClusterTarget.STOPPED, 0, NOW, "failed: boom");
            assertThat(plan(failed, List.of(), List.of())).containsExactly(new Action.Finish(ClusterStatus.FAILED));
        }

        @ParameterizedTest
        @ValueSource(strings = {"STOPPED", "FAILED"})
        void terminalClustersNeedNothing(String status) {
            assertThat(plan(cluster(ClusterStatus.valueOf(status), ClusterTarget.STOPPED, 3, null, "x"), List.of(), List.of())).isEmpty();
        }
    }

    @Nested
    class Properties {
        @Test
        void randomSituationsNeverLaunchTwiceNeverTouchForeignRowsAndStoppingNeverGrows() {
            Random random = new Random(20261127);
            for (int round = 0; round < 2000; round++) {
                ClusterStatus status = ClusterStatus.values()[random.nextInt(ClusterStatus.values().length)];
                ClusterTarget target = random.nextBoolean() ? ClusterTarget.RUNNING : ClusterTarget.STOPPED;
                int desired = random.nextInt(5);
                Cluster c = cluster(status, target, desired, random.nextBoolean() ? NOW : null, random.nextBoolean() ? "failed: x" : null);
                List<ClusterInstance> rows = new ArrayList<>();
                List<ObservedInstance> observed = new ArrayList<>();
                int n = random.nextInt(6);
                for (int i = 0; i < n; i++) {
                    InstanceStatus st = InstanceStatus.values()[random.nextInt(InstanceStatus.values().length)];
                    ClusterInstance r = row(c.id(), i == 0 ? InstanceRole.SCHEDULER : InstanceRole.WORKER, st,
                            random.nextBoolean() ? ClusterTarget.RUNNING : ClusterTarget.STOPPED, random.nextBoolean() ? "p" + i : null);
                    rows.add(r);
                    if (random.nextBoolean()) {
                        observed.add(seen(r, InstanceState.values()[random.nextInt(InstanceState.values().length)]));
                    }
                }
                List<Action> plan = plan(c, rows, observed);
                Set<UUID> rowIds = new HashSet<>(rows.stream().map(ClusterInstance::id).toList());
                Set<UUID> launched = new HashSet<>();
                for (Action a : plan) {
                    if (a instanceof Action.Launch l) {
                        assertThat(launched.add(l.instanceId())).as("one launch per row").isTrue();
                        assertThat(observed.stream().anyMatch(o -> o.tags().get(ResourceTags.INSTANCE).equals(l.instanceId().toString())
                                && o.state() != InstanceState.TERMINATED)).as("never launch what is already running").isFalse();
                    }
                    if (a instanceof Action.Launch l) {
                        assertThat(rowIds).contains(l.instanceId());
                    }
                    if (a instanceof Action.Terminate t) {
                        assertThat(rowIds).as("only our own rows are terminated").contains(t.instanceId());
                    }
                    if (status.isTerminal()) {
                        throw new AssertionError("terminal cluster got " + a);
                    }
                    if (target == ClusterTarget.STOPPED || status == ClusterStatus.STOPPING) {
                        assertThat(a).as("a stopping cluster never grows").isNotInstanceOf(Action.CreateInstance.class)
                                .isNotInstanceOf(Action.Launch.class);
                    }
                }
            }
        }
    }
}
