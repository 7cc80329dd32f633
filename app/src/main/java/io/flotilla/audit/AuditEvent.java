package io.flotilla.audit;

import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** One recorded change: who did what, in which workspace, when, under which request id. */
@MappedEntity("audit_events")
public record AuditEvent(@Id @GeneratedValue Long id, Instant at, @Nullable UUID actorId, String actorName, String action,
                         @Nullable UUID workspaceId, @Nullable String target, @Nullable String requestId, @Nullable String details) {
}
