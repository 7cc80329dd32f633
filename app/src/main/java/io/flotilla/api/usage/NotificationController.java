package io.flotilla.api.usage;

import io.flotilla.api.error.DocumentedErrors;
import io.flotilla.identity.Caller;
import io.flotilla.usage.notices.Notification;
import io.flotilla.usage.notices.Notifications;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The caller's console notifications (e.g. idle GPU workers of their clusters). */
@Controller("/api/v1/me/notifications")
@Tag(name = "me")
@DocumentedErrors
public class NotificationController {
    private final Notifications notifications;

    public NotificationController(Notifications notifications) {
        this.notifications = notifications;
    }

    @Get
    @Operation(summary = "My newest notifications (at most 100), newest first, and how many are unread")
    @ApiResponse(responseCode = "200", description = "The notifications",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = NotificationList.class)))
    public NotificationList list(@Parameter(hidden = true) Caller caller) {
        return new NotificationList(notifications.unread(caller.userId()),
                notifications.of(caller.userId()).stream().map(NotificationView::of).toList());
    }

    @Post("/{id}/read")
    @Operation(summary = "Mark one of my notifications read")
    @ApiResponse(responseCode = "200", description = "The notification, read",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = NotificationView.class)))
    public NotificationView read(@Parameter(hidden = true) Caller caller, UUID id) {
        return NotificationView.of(notifications.markRead(caller.userId(), id));
    }

    @Serdeable
    @Schema(name = "NotificationList")
    public record NotificationList(long unread, List<NotificationView> notifications) {
    }

    @Serdeable
    @Schema(name = "Notification")
    public record NotificationView(UUID id, String kind, String message, @Nullable @Schema(nullable = true) UUID workspaceId,
                                   @Nullable @Schema(nullable = true) UUID clusterId, Instant createdAt,
                                   @Nullable @Schema(nullable = true) Instant readAt) {
        static NotificationView of(Notification n) {
            return new NotificationView(n.id(), n.kind(), n.message(), n.workspaceId(), n.clusterId(), n.createdAt(),
                    n.readAt());
        }
    }
}
