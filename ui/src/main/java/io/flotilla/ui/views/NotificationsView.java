package io.flotilla.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.flotilla.usage.notices.Notification;
import io.flotilla.usage.notices.Notifications;
import io.flotilla.ui.session.ConsoleSession;
import io.micronaut.context.annotation.Prototype;

/** The signed-in user's notifications (e.g. idle GPU workers of their clusters), newest first; marked read one by one. */
@Prototype
@Route(value = "notifications", layout = MainLayout.class)
@PageTitle("Notifications | Flotilla")
public class NotificationsView extends VerticalLayout implements BeforeEnterObserver {
    private final transient Notifications notifications;
    private final Grid<Notification> grid = new Grid<>();
    private final Span unread = new Span();

    public NotificationsView(Notifications notifications) {
        this.notifications = notifications;
        setId("notificationsView");
        unread.setId("notificationsUnread");
        grid.setId("notificationsGrid");
        grid.setAllRowsVisible(true);
        grid.addColumn(n -> Formats.minutes(n.createdAt(), "")).setHeader("When").setAutoWidth(true);
        grid.addColumn(Notification::message).setHeader("Message").setFlexGrow(1);
        grid.addColumn(n -> n.readAt() == null ? "unread" : "read").setHeader("Status").setAutoWidth(true);
        grid.addComponentColumn(this::readButton).setHeader("").setAutoWidth(true);
        add(new H2("Notifications"), unread, grid);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        refresh();
    }

    private void refresh() {
        var caller = ConsoleSession.requireCaller();
        long count = notifications.unread(caller.userId());
        unread.setText(count == 0 ? "Nothing unread." : count + " unread");
        grid.setItems(notifications.of(caller.userId()));
    }

    private Button readButton(Notification notification) {
        Button read = new Button("Mark read", e -> Feedback.call(() ->
                notifications.markRead(ConsoleSession.requireCaller().userId(), notification.id())).ifPresent(n -> refresh()));
        read.addThemeVariants(ButtonVariant.LUMO_SMALL);
        read.setEnabled(notification.readAt() == null);
        read.setId("markRead-" + notification.id());
        return read;
    }
}
