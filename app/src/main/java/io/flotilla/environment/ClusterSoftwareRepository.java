package io.flotilla.environment;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.UUID;

/** Which clusters run which environment build. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ClusterSoftwareRepository extends CrudRepository<ClusterSoftware, UUID> {
    /** Names of the workspace's clusters that are not finished and use the environment. */
    @Query("SELECT c.name FROM cluster_software s JOIN clusters c ON c.id = s.cluster_id WHERE c.workspace_id = :workspaceId"
            + " AND s.environment_name = :name AND c.status NOT IN ('STOPPED', 'FAILED') ORDER BY c.name")
    List<String> activeClusterNames(UUID workspaceId, String name);

    /** Clusters not finished that wait for or run on the build. */
    @Query("SELECT s.cluster_id FROM cluster_software s JOIN clusters c ON c.id = s.cluster_id WHERE s.build_id = :buildId"
            + " AND c.status NOT IN ('STOPPED', 'FAILED')")
    List<UUID> activeClusterIds(UUID buildId);
}
