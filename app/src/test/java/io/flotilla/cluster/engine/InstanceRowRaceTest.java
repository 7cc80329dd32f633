package io.flotilla.cluster.engine;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.cluster.ClusterInstanceRepository;
import io.flotilla.cluster.ClusterRepository;
import io.flotilla.cluster.ClusterTarget;
import io.flotilla.cluster.InstanceStatus;
import io.flotilla.cluster.agent.Heartbeat;
import io.flotilla.cluster.agent.HeartbeatService;
import io.flotilla.identity.TokenCodec;
import io.flotilla.provider.InstanceRole;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.HandMadeClusters;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plan executor's retire and the heartbeat's "worker seen" race on one instance row, against real PostgreSQL.
 * A third connection holds the row's lock while both writers start, so both have read the row (or queued for its
 * lock) before either may write; then it lets go. A writer that rewrites the row from its own stale copy undoes
 * the other's change; row-locked transitions keep both: the worker ends STOPPING (it reported in, and it is asked
 * to leave), target STOPPED with the retire's reason. Both arrival orders, several rounds.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstanceRowRaceTest extends AppTestProperties {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    @Inject
    HandMadeClusters rows;
    @Inject
    ClusterRepository clusters;
    @Inject
    ClusterInstanceRepository instances;
    @Inject
    PlanExecutor executor;
    @Inject
    HeartbeatService heartbeats;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.tasks.enabled", "false"); // no reconciler: it would launch these hand-made rows
    }

    @AfterAll
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void aRetireAndAHeartbeatOnOneRowKeepBothChanges() throws Exception {
        for (int round = 0; round < 6; round++) {
            boolean heartbeatFirst = round % 2 == 0;
            String token = TokenCodec.newToken("fct_");
            Cluster cluster = rows.starting("local", "default", "race-" + round, 1);
            clusters.update(cluster.withClusterTokenHash(TokenCodec.sha256(token)));
            rows.launched(cluster, InstanceRole.SCHEDULER, "scheduler", "local-s" + round, "127.0.0.1");
            rows.launched(cluster, InstanceRole.WORKER, "worker-1", "local-w" + round, "127.0.0.1");
            UUID worker = instances.findByClusterIdOrderByCreatedAt(cluster.id()).stream()
                    .filter(i -> i.role() == InstanceRole.WORKER).findFirst().orElseThrow().id();

            Future<?> first;
            Future<?> second;
            try (Connection blocker = sql()) {
                blocker.setAutoCommit(false);
                try (PreparedStatement lock = blocker.prepareStatement("SELECT id FROM cluster_instances WHERE id = ? FOR UPDATE")) {
                    lock.setObject(1, worker);
                    lock.executeQuery().close();
                }
                Runnable heartbeat = () -> heartbeats.receive(token, beat("worker-1"));
                Runnable retire = () -> executor.apply(cluster, List.of(new Action.Retire(worker, "scaled down")));
                first = threads.submit(heartbeatFirst ? heartbeat : retire);
                awaitWaitingForLocks(1);
                second = threads.submit(heartbeatFirst ? retire : heartbeat);
                awaitWaitingForLocks(2);
                blocker.commit();
            }
            first.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            second.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

            ClusterInstance row = instances.findById(worker).orElseThrow();
            String order = heartbeatFirst ? "heartbeat queued first" : "retire queued first";
            assertThat(row.target()).as("the retire's target survives (" + order + ")").isEqualTo(ClusterTarget.STOPPED);
            assertThat(row.reason()).as("the retire's reason survives (" + order + ")").isEqualTo("scaled down");
            assertThat(row.status()).as("the heartbeat's 'seen' survives: serving and retiring (" + order + ")")
                    .isEqualTo(InstanceStatus.STOPPING);
        }
    }

    private static Heartbeat beat(String workerName) {
        return new Heartbeat("tls://127.0.0.1:8786", null, List.of(new Heartbeat.WorkerInfo(workerName,
                "tls://127.0.0.1:40001", 1, 1L << 30, 0)), 1, 1L << 30, 0, null, 1, null, null, null);
    }

    /** Polls until this many other sessions of the test's database wait for a lock. */
    private void awaitWaitingForLocks(int sessions) throws SQLException, InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        try (Connection c = sql(); PreparedStatement waiting = c.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet r = waiting.executeQuery()) {
                    r.next();
                    if (r.getInt(1) >= sessions) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError(sessions + " writer(s) did not reach the locked row within " + PATIENCE);
    }
}
