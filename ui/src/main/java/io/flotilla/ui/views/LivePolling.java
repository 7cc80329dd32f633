package io.flotilla.ui.views;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.shared.Registration;
import io.flotilla.ui.session.ConsoleSession;

/**
 * Refreshes a view every few seconds while it is attached, by the browser polling the server (no push).
 * The UI polls while at least one such view is attached, whatever order views are attached and detached in
 * during a navigation.
 */
final class LivePolling {
    /** How often a live view refreshes itself. */
    static final int INTERVAL_MS = 3000;
    /** Key of the per-UI count of attached live views. */
    private static final String KEY = "flotilla.live-views";

    private LivePolling() {
    }

    /** Runs {@code refresh} on every poll while {@code view} is attached and a user is signed in. */
    static void install(Component view, Runnable refresh) {
        Registration[] poll = new Registration[1];
        view.addAttachListener(attach -> {
            UI ui = attach.getUI();
            poll[0] = ui.addPollListener(e -> {
                if (ConsoleSession.caller().isPresent()) {
                    refresh.run();
                }
            });
            setUsers(ui, users(ui) + 1);
            ui.setPollInterval(INTERVAL_MS);
        });
        view.addDetachListener(detach -> {
            UI ui = detach.getUI();
            if (poll[0] != null) {
                poll[0].remove();
                poll[0] = null;
            }
            int left = Math.max(0, users(ui) - 1);
            setUsers(ui, left);
            if (left == 0) {
                ui.setPollInterval(-1);
            }
        });
    }

    private static int users(UI ui) {
        Integer count = (Integer) ComponentUtil.getData(ui, KEY);
        return count == null ? 0 : count;
    }

    private static void setUsers(UI ui, int count) {
        ComponentUtil.setData(ui, KEY, count);
    }
}
