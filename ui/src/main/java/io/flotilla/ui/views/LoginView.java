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
import io.flotilla.identity.UserService;
import io.flotilla.ui.session.ConsoleSession;
import io.micronaut.context.annotation.Prototype;

/** Sign-in with username and password, checked by {@link UserService#authenticate}. */
@Prototype
@Route("login")
@PageTitle("Sign in | Flotilla")
public class LoginView extends VerticalLayout implements BeforeEnterObserver {
    private final transient UserService users;
    private final LoginForm form = new LoginForm();

    public LoginView(UserService users) {
        this.users = users;
        setId("loginView");
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
        form.setId("loginForm");
        form.setForgotPasswordButtonVisible(false);
        form.setI18n(texts());
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
        users.authenticate(event.getUsername(), event.getPassword()).ifPresentOrElse(caller -> {
            ConsoleSession.signIn(caller);
            getUI().ifPresent(ui -> ui.navigate(TokensView.class));
        }, () -> form.setError(true));
    }

    private static LoginI18n texts() {
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle("Sign in");
        i18n.getErrorMessage().setTitle("Incorrect username or password");
        i18n.getErrorMessage().setMessage("Check your username and password and try again.");
        return i18n;
    }
}
