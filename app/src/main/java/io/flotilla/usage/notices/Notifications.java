package io.flotilla.usage.notices;

import io.flotilla.error.ServiceException;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** A user's console notifications: the newest first, marked read one by one. */
@Singleton
public class Notifications {
    /** Notifications listed at most. */
    public static final int LIMIT = 100;
    private final NotificationRepository repository;
    private final Clock clock;

    public Notifications(NotificationRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** Stores a new notification for the user. */
    @Transactional
    public Notification add(UUID userId, UUID workspaceId, UUID clusterId, String kind, String message) {
        return repository.save(new Notification(UUID.randomUUID(), userId, workspaceId, clusterId, kind, message,
                clock.instant(), null));
    }

    /** The user's newest {@value #LIMIT} notifications. */
    @Transactional(readOnly = true)
    public List<Notification> of(UUID userId) {
        return repository.findTop100ByUserIdOrderByCreatedAtDesc(userId);
    }

    /** How many of the user's notifications are unread. */
    @Transactional(readOnly = true)
    public long unread(UUID userId) {
        return repository.countByUserIdAndReadAtIsNull(userId);
    }

    /** Marks the user's notification read; 404 when it is not theirs (or does not exist). */
    @Transactional
    public Notification markRead(UUID userId, UUID id) {
        Notification found = repository.findByIdAndUserId(id, userId).orElseThrow(() ->
                ServiceException.notFound("notification", id.toString()));
        return found.readAt() != null ? found : repository.update(found.read(clock.instant()));
    }
}
