package io.flotilla.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.UUID;

/** The audit log. Rows are only ever inserted. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface AuditEventRepository extends CrudRepository<AuditEvent, Long> {
    @Query("SELECT * FROM audit_events WHERE (CAST(:workspaceId AS uuid) IS NULL OR workspace_id = :workspaceId)"
            + " AND (CAST(:beforeId AS bigint) IS NULL OR id < :beforeId) ORDER BY id DESC LIMIT :limit")
    List<AuditEvent> page(@Nullable UUID workspaceId, @Nullable Long beforeId, int limit);
}
