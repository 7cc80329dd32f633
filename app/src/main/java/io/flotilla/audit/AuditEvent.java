package io.flotilla.audit;

import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * One recorded change: who did what, in which workspace, when, under which request id. {@code kind} tells a
 * change made through the services ({@value #API}) from a change the engine made in the cloud or on the machine
 * ({@value #ENGINE}); the latter also name the cloud account, the cause and the provider's resource ids.
 *
 * @param actorName    the user, or {@code system} when the engine acted on its own (watchdog, failures, sweeper)
 * @param cloudAccount the cloud account the engine's call went to ({@code local} for this machine); API rows: null
 * @param cause        why the engine made the change (e.g. {@code cluster created}, {@code idle}, {@code orphan sweep})
 * @param resources    the provider's ids of what changed, comma-separated
 */
@MappedEntity("audit_events")
public record AuditEvent(@Id @GeneratedValue Long id, Instant at, @Nullable UUID actorId, String actorName, String action,
                         @Nullable UUID workspaceId, @Nullable String target, @Nullable String requestId, @Nullable String details,
                         String kind, @Nullable String cloudAccount, @Nullable String cause, @Nullable String resources) {
    /** Kind of the changes made through the services. */
    public static final String API = "api";
    /** Kind of the changes the engine made in the cloud or on the machine. */
    public static final String ENGINE = "engine";
}
