package io.flotilla.testing;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.cluster.ClusterInstanceRepository;
import io.flotilla.cluster.ClusterRepository;
import io.flotilla.cluster.ClusterStatus;
import io.flotilla.cluster.ClusterTarget;
import io.flotilla.cluster.InstanceStatus;
import io.flotilla.identity.UserRepository;
import io.flotilla.identity.WorkspaceRepository;
import io.flotilla.provider.InstanceRole;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * Usage that happened before the test: a stopped cluster whose instances ran between two past instants, written
 * straight to the database (cluster and instance rows, and their {@code instance_meters}), so that reports hold known
 * hours (e.g. 4 vCPUs for 6 hours: 24 vCPU-hours) without waiting hours for a real cluster. Another module's test
 * (whose context lacks the app's test beans) makes one by hand from the beans it takes.
 */
@Singleton
public class MeteredHistory {
    private final ClusterRepository clusters;
    private final ClusterInstanceRepository instances;
    private final WorkspaceRepository workspaces;
    private final UserRepository users;
    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;

    public MeteredHistory(ClusterRepository clusters, ClusterInstanceRepository instances, WorkspaceRepository workspaces,
                          UserRepository users, JdbcOperations jdbc, TransactionOperations<Connection> transactions) {
        this.clusters = clusters;
        this.instances = instances;
        this.workspaces = workspaces;
        this.users = users;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * A stopped local cluster {@code name} of {@code owner} in {@code workspace} with one scheduler of 1 vCPU and
     * {@code workers} workers of {@code vcpus} vCPUs and {@code gpus} GPUs each, all running from {@code from} to
     * {@code to}.
     */
    public Cluster ran(String workspace, String owner, String name, int workers, int vcpus, int gpus, Instant from, Instant to) {
        return transactions.executeWrite(status -> write(workspace, owner, name, workers, vcpus, gpus, from, to));
    }

    private Cluster write(String workspace, String owner, String name, int workers, int vcpus, int gpus, Instant from, Instant to) {
        UUID workspaceId = workspaces.findByName(workspace).orElseThrow().id();
        UUID ownerId = users.findByUsername(owner).orElseThrow().id();
        Cluster cluster = clusters.save(new Cluster(UUID.randomUUID(), workspaceId, ownerId, name, "local",
                ClusterStatus.STOPPED, ClusterTarget.STOPPED, "user request", "{}", workers, null, null, null, null, null,
                null, 0, null, 0, null, null, null, from, to, from, to, null));
        meter(cluster, InstanceRole.SCHEDULER, name + "-scheduler", 1, 0, from, to);
        for (int i = 1; i <= workers; i++) {
            meter(cluster, InstanceRole.WORKER, name + "-worker-" + i, vcpus, gpus, from, to);
        }
        return cluster;
    }

    private void meter(Cluster cluster, InstanceRole role, String instanceName, int vcpus, int gpus, Instant from, Instant to) {
        ClusterInstance instance = instances.save(new ClusterInstance(UUID.randomUUID(), cluster.id(), role, instanceName,
                InstanceStatus.STOPPED, ClusterTarget.STOPPED, "pid-" + instanceName, null, null, null, null, from, to));
        jdbc.prepareStatement("INSERT INTO instance_meters (instance_id, cluster_id,"
                + " workspace_id, owner_id, role, provider, region, instance_type, purchase, vcpus, memory_bytes, gpus,"
                + " launched_at, terminated_at) VALUES (?, ?, ?, ?, ?, 'local', 'local', 'local', 'local', ?, NULL, ?, ?, ?)", insert -> {
            insert.setObject(1, instance.id());
            insert.setObject(2, cluster.id());
            insert.setObject(3, cluster.workspaceId());
            insert.setObject(4, cluster.ownerId());
            insert.setString(5, role.name());
            insert.setInt(6, vcpus);
            insert.setInt(7, gpus);
            insert.setTimestamp(8, Timestamp.from(from));
            insert.setTimestamp(9, Timestamp.from(to));
            return insert.executeUpdate();
        });
    }
}
