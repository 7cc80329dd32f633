package io.flotilla.ui.views;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.Caller;
import io.flotilla.identity.PasswordPolicy;

import java.util.function.Consumer;

/**
 * Shown instead of the login form when the password just given must be changed (the initial admin
 * password, or one an admin set): the new password twice, then signed in with it.
 */
class ChangePasswordForm extends VerticalLayout {
    private final PasswordField newPassword = new PasswordField("New password");
    private final PasswordField repeat = new PasswordField("Repeat the new password");
    private final Span error = new Span();

    /** {@code change} sets the new password with the remembered current one and returns the signed-in caller. */
    ChangePasswordForm(String username, ChangeAction change, Consumer<Caller> onSignedIn) {
        setId("changePasswordForm");
        setWidth("22em");
        setPadding(false);
        newPassword.setId("newPasswordField");
        newPassword.setHelperText(PasswordPolicy.RULES + ", and must differ from the current one.");
        newPassword.setWidthFull();
        repeat.setId("repeatPasswordField");
        repeat.setWidthFull();
        error.setId("changePasswordError");
        error.getStyle().set("color", "var(--lumo-error-text-color)");
        Button submit = new Button("Set password and sign in", e -> submit(change, onSignedIn));
        submit.setId("changePasswordButton");
        submit.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        submit.addClickShortcut(Key.ENTER);
        submit.setWidthFull();
        add(new H2("Choose a new password"),
                new Paragraph("The password of '" + username + "' serves only to choose a new one."),
                newPassword, repeat, error, submit);
    }

    /** Sets the new password; throws the service's error. */
    @FunctionalInterface
    interface ChangeAction {
        Caller change(String newPassword);
    }

    private void submit(ChangeAction change, Consumer<Caller> onSignedIn) {
        if (!newPassword.getValue().equals(repeat.getValue())) {
            error.setText("The two new passwords differ: type the same one twice.");
            return;
        }
        try {
            onSignedIn.accept(change.change(newPassword.getValue()));
        } catch (ServiceException e) {
            error.setText(e.getMessage());
        }
    }
}
