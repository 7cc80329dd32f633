package io.flotilla.environment;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Environment versions. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface SoftwareEnvironmentRepository extends CrudRepository<SoftwareEnvironment, UUID> {
    @Query("SELECT * FROM software_environments WHERE workspace_id = :workspaceId AND name = :name ORDER BY version DESC LIMIT 1")
    Optional<SoftwareEnvironment> findNewest(UUID workspaceId, String name);

    Optional<SoftwareEnvironment> findByWorkspaceIdAndNameAndVersion(UUID workspaceId, String name, int version);

    List<SoftwareEnvironment> findByWorkspaceIdAndNameOrderByVersionDesc(UUID workspaceId, String name);

    /** The newest version of every environment of the workspace, by name. */
    @Query("SELECT DISTINCT ON (name) * FROM software_environments WHERE workspace_id = :workspaceId ORDER BY name, version DESC")
    List<SoftwareEnvironment> findNewestOfEach(UUID workspaceId);

    List<SoftwareEnvironment> findByBuildId(UUID buildId);

    /** Serialises version numbering of one name: locks the workspace's versions of it. */
    @Query("SELECT * FROM software_environments WHERE workspace_id = :workspaceId AND name = :name FOR UPDATE")
    List<SoftwareEnvironment> lockName(UUID workspaceId, String name);

    void deleteByWorkspaceIdAndName(UUID workspaceId, String name);
}
