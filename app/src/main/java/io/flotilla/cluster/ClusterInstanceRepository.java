package io.flotilla.cluster;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Instance rows of clusters. Rows change only through {@link io.flotilla.cluster.engine.InstanceTransitions}. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ClusterInstanceRepository extends CrudRepository<ClusterInstance, UUID> {
    List<ClusterInstance> findByClusterIdOrderByCreatedAt(UUID clusterId);

    Optional<ClusterInstance> findByBootstrapTokenHash(String hash);

    /** The row, locked until the transaction ends (only {@link io.flotilla.cluster.engine.InstanceTransitions} calls it). */
    @Query("SELECT * FROM cluster_instances WHERE id = :id FOR UPDATE")
    Optional<ClusterInstance> lock(UUID id);

    /** The row holding this bootstrap token hash, locked until the transaction ends. */
    @Query("SELECT * FROM cluster_instances WHERE bootstrap_token_hash = :hash FOR UPDATE")
    Optional<ClusterInstance> lockByBootstrapTokenHash(String hash);

    /** Live workers (launched and not stopped) of each of the given clusters, in one query. */
    @Query("SELECT cluster_id, count(*) AS workers FROM cluster_instances WHERE cluster_id IN (:clusterIds)"
            + " AND role = 'WORKER' AND status <> 'STOPPED' GROUP BY cluster_id")
    List<LiveWorkers> countLiveWorkers(Collection<UUID> clusterIds);

    /** How many live workers a cluster has. */
    @Introspected
    record LiveWorkers(UUID clusterId, long workers) {
    }
}
