package io.flotilla.identity;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Workspaces. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface WorkspaceRepository extends CrudRepository<Workspace, UUID> {
    Optional<Workspace> findByName(String name);

    boolean existsByName(String name);

    List<Workspace> findAllOrderByName();

    @Query("SELECT w.* FROM workspaces w JOIN memberships m ON m.workspace_id = w.id WHERE m.user_id = :userId ORDER BY w.name")
    List<Workspace> findAllForMember(UUID userId);
}
