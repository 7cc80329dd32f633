package io.flotilla.audit;

import io.micronaut.core.annotation.Nullable;

import java.util.UUID;

/**
 * Why the engine changes the cloud and on whose behalf: the user whose request led to it (the cluster's creator,
 * the caller of a scale, adapt or stop), or {@code system} when the engine acts on its own account (the
 * watchdog's idle, lifetime and heartbeat stops, replacing failed instances, the orphan sweep).
 *
 * @param actorId   the user, or null for the engine itself
 * @param actorName the user's name, or {@value #SYSTEM}
 * @param reason    the cause as the audit log shows it, e.g. {@code cluster created}, {@code idle}
 */
public record MutationCause(@Nullable UUID actorId, String actorName, String reason) {
    /** The actor name of the engine acting on its own. */
    public static final String SYSTEM = "system";

    public static MutationCause system(String reason) {
        return new MutationCause(null, SYSTEM, reason);
    }

    public static MutationCause user(UUID userId, String username, String reason) {
        return new MutationCause(userId, username, reason);
    }

    /** The same actor, another reason. */
    public MutationCause because(String newReason) {
        return new MutationCause(actorId, actorName, newReason);
    }
}
