package io.flotilla.usage;

import io.flotilla.account.CloudAccount;
import io.flotilla.account.CloudAccountRepository;
import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.cluster.ClusterRepository;
import io.flotilla.cluster.ClusterSpec;
import io.flotilla.cluster.ClusterSpecView;
import io.flotilla.cluster.engine.InstanceLifecycle;
import io.flotilla.provider.InstanceShape;
import io.flotilla.provider.local.LocalComputeProvider;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * Meters instance lifetimes: a row in {@code instance_meters} when the provider launched an instance (with what it
 * launched, or the size that was asked for when the provider did not say), closed when the instance is gone. Usage
 * is vCPUs (GPUs) × the time between the two, so a cluster whose scheduler died is metered until its instances
 * are terminated, whatever its heartbeats did. Writes join the row transition's transaction.
 */
@Singleton
public class Metering implements InstanceLifecycle {
    /** vCPUs metered for an instance whose provider did not say and whose cluster asked for no size. */
    private static final int DEFAULT_VCPUS_LOCAL = 1;
    private static final int DEFAULT_VCPUS_CLOUD = 2;
    static final String UNKNOWN = "unknown";
    private final JdbcOperations jdbc;
    private final ClusterRepository clusters;
    private final CloudAccountRepository accounts;

    public Metering(JdbcOperations jdbc, ClusterRepository clusters, CloudAccountRepository accounts) {
        this.jdbc = jdbc;
        this.clusters = clusters;
        this.accounts = accounts;
    }

    @Override
    public void launched(ClusterInstance row, @Nullable InstanceShape shape, Instant at) {
        Cluster cluster = clusters.findById(row.clusterId()).orElseThrow();
        InstanceShape metered = shape != null ? shape : asked(cluster);
        jdbc.prepareStatement("INSERT INTO instance_meters (instance_id, cluster_id, workspace_id, owner_id, role, provider,"
                + " region, instance_type, purchase, vcpus, memory_bytes, gpus, launched_at) VALUES"
                + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (instance_id) DO NOTHING", st -> {
            st.setObject(1, row.id());
            st.setObject(2, cluster.id());
            st.setObject(3, cluster.workspaceId());
            st.setObject(4, cluster.ownerId());
            st.setString(5, row.role().name());
            st.setString(6, cluster.provider());
            st.setString(7, metered.region());
            st.setString(8, metered.instanceType());
            st.setString(9, metered.purchase());
            st.setInt(10, metered.vcpus());
            st.setObject(11, metered.memoryBytes());
            st.setInt(12, metered.gpus());
            st.setTimestamp(13, Timestamp.from(at));
            return st.executeUpdate();
        });
    }

    @Override
    public void terminated(ClusterInstance row, Instant at) {
        jdbc.prepareStatement("UPDATE instance_meters SET terminated_at = greatest(launched_at, ?) WHERE instance_id = ?"
                + " AND terminated_at IS NULL", st -> {
            st.setTimestamp(1, Timestamp.from(at));
            st.setObject(2, row.id());
            return st.executeUpdate();
        });
    }

    /**
     * The vCPUs per instance of a cluster of that spec on that provider before any launched (what is metered when the
     * provider does not say, and what the limits count in advance): the asked vCPUs, else the provider's default.
     */
    static int askedVcpus(ClusterSpec spec, String provider) {
        if (spec.workerCpu() != null) {
            return spec.workerCpu();
        }
        return LocalComputeProvider.ID.equals(provider) ? DEFAULT_VCPUS_LOCAL : DEFAULT_VCPUS_CLOUD;
    }

    /** What the cluster asked for, when the provider did not report what it launched (e.g. adopted after a crash). */
    private InstanceShape asked(Cluster cluster) {
        ClusterSpec spec = ClusterSpecView.of(cluster);
        boolean local = LocalComputeProvider.ID.equals(cluster.provider());
        int vcpus = askedVcpus(spec, cluster.provider());
        String region = local ? InstanceShape.LOCAL_TYPE : cluster.cloudAccountId() == null ? UNKNOWN
                : accounts.findById(cluster.cloudAccountId()).map(CloudAccount::region).orElse(UNKNOWN);
        String purchase = local ? InstanceShape.LOCAL_TYPE : InstanceShape.ON_DEMAND;
        return new InstanceShape(local ? InstanceShape.LOCAL_TYPE : UNKNOWN, region, purchase, vcpus,
                spec.workerMemoryBytes(), spec.workerGpuCount());
    }
}
