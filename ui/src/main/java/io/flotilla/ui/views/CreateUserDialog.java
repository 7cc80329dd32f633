package io.flotilla.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import io.flotilla.identity.PasswordPolicy;
import io.flotilla.identity.User;
import io.flotilla.identity.UserService;
import io.flotilla.ui.session.ConsoleSession;

import java.util.function.Consumer;

/** Form that creates a user with a password (appliance admins). */
class CreateUserDialog extends Dialog {
    private final transient UserService users;
    private final TextField username = new TextField("Username");
    private final TextField displayName = new TextField("Display name");
    private final PasswordField password = new PasswordField("Password");
    private final Checkbox applianceAdmin = new Checkbox("Appliance administrator");
    private final Checkbox mustChangePassword = new Checkbox("Must choose a new password at the first sign-in");

    CreateUserDialog(UserService users, Consumer<User> onCreated) {
        this.users = users;
        setId("createUserDialog");
        setHeaderTitle("New user");
        username.setId("newUsername");
        username.setRequired(true);
        displayName.setId("newDisplayName");
        password.setId("newPassword");
        password.setHelperText(PasswordPolicy.RULES);
        applianceAdmin.setId("newApplianceAdmin");
        mustChangePassword.setId("newMustChangePassword");
        FormLayout form = new FormLayout(username, displayName, password, applianceAdmin, mustChangePassword);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        add(form);
        Button create = new Button("Create", e -> Feedback.call(() -> users.create(ConsoleSession.requireCaller(),
                username.getValue().trim(), displayName.getValue().trim(), password.getValue(), applianceAdmin.getValue(),
                mustChangePassword.getValue()))
                .ifPresent(user -> {
                    close();
                    onCreated.accept(user);
                }));
        create.setId("createUserButton");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> close());
        getFooter().add(cancel, create);
    }
}
