package io.flotilla.usage;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.UUID;

/** Workspaces' usage policies; read through {@link UsagePolicies}. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface UsagePolicyRepository extends CrudRepository<UsagePolicy, UUID> {
}
