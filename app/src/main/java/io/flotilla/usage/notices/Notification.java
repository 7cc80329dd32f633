package io.flotilla.usage.notices;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * A console message to one user, e.g. that a GPU worker of their cluster idles.
 *
 * @param kind   what it is about, e.g. {@value #IDLE_GPU}
 * @param readAt when the user marked it read, null while unread
 */
@MappedEntity("notifications")
public record Notification(@Id UUID id, UUID userId, @Nullable UUID workspaceId, @Nullable UUID clusterId, String kind,
                           String message, Instant createdAt, @Nullable Instant readAt) {
    /** Kind of the idle-GPU notice. */
    public static final String IDLE_GPU = "idle_gpu";

    /** The same notification, read at that time. */
    public Notification read(Instant at) {
        return new Notification(id, userId, workspaceId, clusterId, kind, message, createdAt, readAt == null ? at : readAt);
    }
}
