package io.flotilla.cluster;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Cluster rows. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ClusterRepository extends CrudRepository<Cluster, UUID> {
    @Query("SELECT * FROM clusters WHERE workspace_id = :workspaceId AND name = :name ORDER BY created_at DESC LIMIT 1")
    Optional<Cluster> findNewest(UUID workspaceId, String name);

    @Query("SELECT * FROM clusters WHERE workspace_id = :workspaceId AND name = :name AND status NOT IN ('STOPPED', 'FAILED')")
    Optional<Cluster> findActive(UUID workspaceId, String name);

    @Query("SELECT * FROM clusters WHERE status NOT IN ('STOPPED', 'FAILED') ORDER BY created_at")
    List<Cluster> findAllActive();

    /** The workspace's clusters that are not stopped or failed (what holds or will hold compute). */
    @Query("SELECT * FROM clusters WHERE workspace_id = :workspaceId AND status NOT IN ('STOPPED', 'FAILED') ORDER BY created_at")
    List<Cluster> findActiveInWorkspace(UUID workspaceId);

    @Query("SELECT * FROM clusters WHERE id = :id FOR UPDATE")
    Optional<Cluster> lock(UUID id);

    @Query("SELECT * FROM clusters WHERE cluster_token_hash = :hash")
    Optional<Cluster> findByClusterTokenHash(String hash);

    /** The cluster holding this token hash, locked (one statement for a heartbeat's lookup and row lock). */
    @Query("SELECT * FROM clusters WHERE cluster_token_hash = :hash FOR UPDATE")
    Optional<Cluster> lockByClusterTokenHash(String hash);

    /**
     * A page of the workspace's clusters, newest first; {@code rows} (comma-separated {@code STATUS:TARGET} keys,
     * {@link ClusterState#rowKeys}) keeps only rows with one of those pairs, null keeps all.
     */
    @Query("SELECT * FROM clusters WHERE workspace_id = :workspaceId AND (CAST(:rows AS text) IS NULL OR (status || ':' || target) = ANY(string_to_array(:rows, ',')))"
            + " AND (CAST(:ownerId AS uuid) IS NULL OR owner_id = :ownerId) ORDER BY created_at DESC LIMIT :limit OFFSET :offset")
    List<Cluster> page(UUID workspaceId, @Nullable String rows, @Nullable UUID ownerId, int limit, int offset);

    @Query("SELECT count(*) FROM clusters WHERE workspace_id = :workspaceId AND (CAST(:rows AS text) IS NULL OR (status || ':' || target) = ANY(string_to_array(:rows, ',')))"
            + " AND (CAST(:ownerId AS uuid) IS NULL OR owner_id = :ownerId)")
    long countPage(UUID workspaceId, @Nullable String rows, @Nullable UUID ownerId);

}
