package io.flotilla.environment;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Build rows; claiming locks a row with SKIP LOCKED, so replicas never take the same build. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface EnvironmentBuildRepository extends CrudRepository<EnvironmentBuild, UUID> {
    /** The newest build of that spec in the workspace (a forced rebuild is newer than the build it replaces). */
    @Query("SELECT * FROM environment_builds WHERE workspace_id = :workspaceId AND spec_hash = :specHash ORDER BY created_at DESC LIMIT 1")
    Optional<EnvironmentBuild> findNewest(UUID workspaceId, String specHash);

    /**
     * The next build to run, locked (other replicas skip it): a queued one, or one left "building" by a replica
     * whose heartbeat stopped before {@code staleBefore} (its appliance was killed). Call in a transaction.
     */
    @Query("SELECT * FROM environment_builds WHERE state = 'QUEUED' OR (state = 'BUILDING' AND"
            + " (heartbeat_at IS NULL OR heartbeat_at < :staleBefore)) ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED")
    Optional<EnvironmentBuild> lockNextRunnable(Instant staleBefore);

    @Query("UPDATE environment_builds SET heartbeat_at = :now WHERE id = :id AND state = 'BUILDING'")
    void heartbeat(UUID id, Instant now);

    @Query("SELECT * FROM environment_builds WHERE id = :id FOR UPDATE")
    Optional<EnvironmentBuild> lock(UUID id);

    /** Builds no environment version refers to any more (their versions were deleted). */
    @Query("SELECT b.* FROM environment_builds b WHERE b.workspace_id = :workspaceId AND NOT EXISTS"
            + " (SELECT 1 FROM software_environments e WHERE e.build_id = b.id)")
    List<EnvironmentBuild> findUnreferenced(UUID workspaceId);

    long countByWorkspaceId(UUID workspaceId);

    List<EnvironmentBuild> findByWorkspaceIdAndSpecHashOrderByCreatedAtDesc(UUID workspaceId, String specHash);
}
