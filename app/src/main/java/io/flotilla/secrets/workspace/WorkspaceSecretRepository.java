package io.flotilla.secrets.workspace;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Metadata rows of workspace secrets. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface WorkspaceSecretRepository extends CrudRepository<WorkspaceSecret, UUID> {
    List<WorkspaceSecret> findByWorkspaceIdOrderByName(UUID workspaceId);

    Optional<WorkspaceSecret> findByWorkspaceIdAndName(UUID workspaceId, String name);

    long countByWorkspaceId(UUID workspaceId);

    /** Locks the workspace row until the transaction ends, so that writes to its secrets take turns. */
    @Query("SELECT w.id FROM workspaces w WHERE w.id = :workspaceId FOR UPDATE")
    Optional<UUID> lockWorkspace(UUID workspaceId);
}
