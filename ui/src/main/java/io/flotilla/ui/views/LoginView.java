package io.flotilla.ui.views;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.AbstractLogin;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinRequest;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.Caller;
import io.flotilla.identity.SignInService;
import io.flotilla.ui.session.ConsoleSession;
import io.micronaut.context.annotation.Prototype;

/**
 * Sign-in with username and password through {@link SignInService} (throttled like the REST route; the
 * client address is the TCP peer). A password that must be changed leads to {@link ChangePasswordForm}.
 */
@Prototype
@Route("login")
@PageTitle("Sign in | Flotilla")
public class LoginView extends VerticalLayout implements BeforeEnterObserver {
    private static final String VIA = "console";
    private final transient SignInService signIn;
    private final LoginForm form = new LoginForm();

    public LoginView(SignInService signIn) {
        this.signIn = signIn;
        setId("loginView");
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
        form.setId("loginForm");
        form.setForgotPasswordButtonVisible(false);
        form.setI18n(texts("Incorrect username or password", "Check your username and password and try again."));
        form.addLoginListener(this::signIn);
        add(new H1("Flotilla"), new Paragraph("Admin console"), form);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (ConsoleSession.caller().isPresent()) {
            event.forwardTo(TokensView.class);
        }
    }

    private void signIn(AbstractLogin.LoginEvent event) {
        String username = event.getUsername();
        String password = event.getPassword();
        try {
            enter(signIn.signIn(username, password, clientAddress(), VIA));
        } catch (ServiceException e) {
            switch (e.code()) {
                case "password_change_required" -> askForNewPassword(username, password);
                case "sign_in_throttled" -> showError("Too many failed sign-ins", e.getMessage());
                default -> showError("Incorrect username or password", "Check your username and password and try again.");
            }
        }
    }

    private void askForNewPassword(String username, String currentPassword) {
        ChangePasswordForm change = new ChangePasswordForm(username,
                newPassword -> signIn.changePassword(username, currentPassword, newPassword, clientAddress(), VIA),
                this::enter);
        replace(form, change);
    }

    private void enter(Caller caller) {
        ConsoleSession.signIn(caller);
        getUI().ifPresent(ui -> ui.navigate(TokensView.class));
    }

    private void showError(String title, String message) {
        form.setI18n(texts(title, message));
        form.setError(true);
        form.setEnabled(true);
    }

    /** The TCP peer of the browser's request; forwarding headers are not trusted. */
    private static String clientAddress() {
        VaadinRequest request = VaadinRequest.getCurrent();
        return request == null ? null : request.getRemoteAddr();
    }

    private static LoginI18n texts(String errorTitle, String errorMessage) {
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle("Sign in");
        i18n.getErrorMessage().setTitle(errorTitle);
        i18n.getErrorMessage().setMessage(errorMessage);
        return i18n;
    }
}
