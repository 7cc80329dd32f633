package io.flotilla.ui.views;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import io.flotilla.error.ServiceException;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs a service call for a view and shows its outcome: the {@link ServiceException}'s message in an
 * error notification when it fails, an optional confirmation when it succeeds.
 */
final class Feedback {
    private static final int DURATION_MS = 5000;

    private Feedback() {
    }

    /** Calls {@code action}; returns its result, or empty after showing the error. */
    static <T> Optional<T> call(Supplier<T> action) {
        try {
            return Optional.ofNullable(action.get());
        } catch (ServiceException e) {
            error(e.getMessage());
            return Optional.empty();
        }
    }

    /** Runs {@code action}; true when it succeeded, false after showing the error. */
    static boolean run(Runnable action) {
        return call(() -> {
            action.run();
            return Boolean.TRUE;
        }).isPresent();
    }

    static void error(String message) {
        Notification n = Notification.show(message, DURATION_MS, Notification.Position.TOP_CENTER);
        n.addThemeVariants(NotificationVariant.LUMO_ERROR);
        n.setId("errorNotification");
    }

    static void success(String message) {
        Notification n = Notification.show(message, DURATION_MS, Notification.Position.BOTTOM_START);
        n.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }
}
