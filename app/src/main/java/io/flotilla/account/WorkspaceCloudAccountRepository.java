package io.flotilla.account;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.UUID;

/** Workspace → cloud account bindings. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface WorkspaceCloudAccountRepository extends CrudRepository<WorkspaceCloudAccount, UUID> {
    List<WorkspaceCloudAccount> findByCloudAccountId(UUID cloudAccountId);
}
