package io.flotilla.ui.session;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.Caller;
import io.flotilla.identity.User;
import io.flotilla.identity.UserService;
import io.flotilla.ui.views.LoginView;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Sends every navigation except to the login page there unless a user is signed in. On each
 * navigation the signed-in user is read again, so that a disabled user is signed out and a changed
 * admin flag takes effect.
 */
@Singleton
public class LoginGuard implements VaadinServiceInitListener {
    private final transient UserService users;

    public LoginGuard(UserService users) {
        this.users = users;
    }

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addUIInitListener(ui -> ui.getUI().addBeforeEnterListener(this::check));
    }

    private void check(BeforeEnterEvent event) {
        if (LoginView.class.equals(event.getNavigationTarget())) {
            return;
        }
        Optional<Caller> current = ConsoleSession.caller().flatMap(this::refresh);
        if (current.isEmpty()) {
            event.forwardTo(LoginView.class);
            return;
        }
        ConsoleSession.update(current.get());
    }

    private Optional<Caller> refresh(Caller caller) {
        try {
            User user = users.me(caller);
            return user.disabled() ? Optional.empty() : Optional.of(Caller.of(user));
        } catch (ServiceException e) {
            return Optional.empty();
        }
    }
}
