package io.flotilla.ui.session;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.server.VaadinSession;
import io.flotilla.identity.Caller;

import java.util.Optional;

/**
 * What the console keeps in the signed-in user's Vaadin session: the {@link Caller} that every service
 * call is made as, and the workspace chosen in the switcher.
 */
public final class ConsoleSession {
    private static final String CALLER = "flotilla.caller";
    private static final String WORKSPACE = "flotilla.workspace";

    private ConsoleSession() {
    }

    /** The signed-in caller, if any. */
    public static Optional<Caller> caller() {
        VaadinSession session = VaadinSession.getCurrent();
        return session == null ? Optional.empty() : Optional.ofNullable((Caller) session.getAttribute(CALLER));
    }

    /** The signed-in caller; views behind the login guard can rely on it. */
    public static Caller requireCaller() {
        return caller().orElseThrow(() -> new IllegalStateException("No user is signed in to this console session"));
    }

    /** Signs a caller in: a fresh HTTP session (against session fixation) that remembers the caller. */
    public static void signIn(Caller caller) {
        VaadinService.reinitializeSession(VaadinService.getCurrentRequest());
        VaadinSession.getCurrent().setAttribute(CALLER, caller);
    }

    /** Replaces the remembered caller (e.g. after the user's admin flag changed). */
    static void update(Caller caller) {
        VaadinSession.getCurrent().setAttribute(CALLER, caller);
    }

    /** Forgets everything and sends the browser to the login page. */
    public static void signOut() {
        VaadinSession session = VaadinSession.getCurrent();
        session.setAttribute(CALLER, null);
        session.setAttribute(WORKSPACE, null);
        UI.getCurrent().getPage().setLocation("login");
        session.getSession().invalidate();
    }

    /** Name of the workspace chosen in the switcher, if any. */
    public static Optional<String> workspace() {
        VaadinSession session = VaadinSession.getCurrent();
        return session == null ? Optional.empty() : Optional.ofNullable((String) session.getAttribute(WORKSPACE));
    }

    public static void selectWorkspace(String name) {
        VaadinSession.getCurrent().setAttribute(WORKSPACE, name);
    }
}
