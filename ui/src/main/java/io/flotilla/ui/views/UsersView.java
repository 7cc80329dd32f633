package io.flotilla.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.flotilla.identity.User;
import io.flotilla.identity.UserService;
import io.flotilla.ui.session.ConsoleSession;
import io.micronaut.context.annotation.Prototype;

/** The appliance's users (appliance admins only): list, create with a password, disable and enable. */
@Prototype
@Route(value = "users", layout = MainLayout.class)
@PageTitle("Users | Flotilla")
public class UsersView extends VerticalLayout implements BeforeEnterObserver {
    private final transient UserService users;
    private final Grid<User> grid = new Grid<>();

    public UsersView(UserService users) {
        this.users = users;
        setId("usersView");
        Button create = new Button("New user", e -> new CreateUserDialog(users, u -> {
            Feedback.success("User " + u.username() + " created.");
            refresh();
        }).open());
        create.setId("newUserButton");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        grid.setId("usersGrid");
        grid.addColumn(User::username).setHeader("Username").setAutoWidth(true);
        grid.addColumn(User::displayName).setHeader("Name").setAutoWidth(true);
        grid.addColumn(u -> u.applianceAdmin() ? "appliance admin" : "user").setHeader("Role").setAutoWidth(true);
        grid.addColumn(u -> u.disabled() ? "disabled" : "enabled").setHeader("Status").setAutoWidth(true);
        grid.addColumn(u -> Formats.minutes(u.createdAt(), "")).setHeader("Created").setAutoWidth(true);
        grid.addComponentColumn(this::toggleButton).setHeader("").setAutoWidth(true);
        add(new H2("Users"), create, grid);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (!ConsoleSession.requireCaller().applianceAdmin()) {
            Feedback.error("Only appliance administrators can manage users.");
            event.forwardTo(TokensView.class);
            return;
        }
        refresh();
    }

    private void refresh() {
        Feedback.call(() -> users.list(ConsoleSession.requireCaller())).ifPresent(grid::setItems);
    }

    private Button toggleButton(User user) {
        boolean disable = !user.disabled();
        Button toggle = new Button(disable ? "Disable" : "Enable", e -> {
            Feedback.call(() -> users.update(ConsoleSession.requireCaller(), user.username(), null, disable, null))
                    .ifPresent(u -> Feedback.success(u.username() + (disable ? " disabled." : " enabled.")));
            refresh();
        });
        toggle.setId((disable ? "disable-" : "enable-") + user.username());
        toggle.addThemeVariants(ButtonVariant.LUMO_SMALL);
        if (disable) {
            toggle.addThemeVariants(ButtonVariant.LUMO_ERROR);
        }
        toggle.setVisible(!user.username().equals(ConsoleSession.requireCaller().username()));
        return toggle;
    }
}
