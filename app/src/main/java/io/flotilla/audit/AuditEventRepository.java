package io.flotilla.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The audit log. Rows are only ever inserted. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface AuditEventRepository extends CrudRepository<AuditEvent, Long> {
    @Query("SELECT * FROM audit_events WHERE (CAST(:workspaceId AS uuid) IS NULL OR workspace_id = :workspaceId)"
            + " AND (CAST(:beforeId AS bigint) IS NULL OR id < :beforeId)"
            + " AND (CAST(:actionPattern AS text) IS NULL OR action LIKE :actionPattern)"
            + " AND (CAST(:target AS text) IS NULL OR target = :target)"
            + " AND (CAST(:kind AS text) IS NULL OR kind = :kind) ORDER BY id DESC LIMIT :limit")
    List<AuditEvent> page(@Nullable UUID workspaceId, @Nullable Long beforeId, @Nullable String actionPattern,
                          @Nullable String target, @Nullable String kind, int limit);

    /** The newest service-made event with one of the actions on the target in the workspace since the given time. */
    @Query("SELECT * FROM audit_events WHERE kind = 'api' AND workspace_id = :workspaceId AND target = :target"
            + " AND action IN (:actions) AND at >= :since ORDER BY id DESC LIMIT 1")
    Optional<AuditEvent> latestRequest(UUID workspaceId, String target, Collection<String> actions, Instant since);
}
