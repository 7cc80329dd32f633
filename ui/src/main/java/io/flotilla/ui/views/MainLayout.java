package io.flotilla.ui.views;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import io.flotilla.identity.Caller;
import io.flotilla.identity.Workspace;
import io.flotilla.identity.WorkspaceService;
import io.flotilla.ui.session.ConsoleSession;
import io.micronaut.context.annotation.Prototype;

import java.util.List;

/**
 * Frame of every signed-in page: the workspace switcher (remembered in the session), the user's name
 * with a sign-out button, and the side navigation (admin pages only for those who may use them).
 */
@Prototype
public class MainLayout extends AppLayout implements BeforeEnterObserver {
    private final transient WorkspaceService workspaces;
    private final Select<String> workspaceSelect = new Select<>();
    private final SideNav nav = new SideNav();
    private final Span userName = new Span();

    public MainLayout(WorkspaceService workspaces) {
        this.workspaces = workspaces;
        setId("mainLayout");
        workspaceSelect.setId("workspaceSelect");
        workspaceSelect.setPlaceholder("No workspace");
        workspaceSelect.setAriaLabel("Workspace");
        workspaceSelect.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                ConsoleSession.selectWorkspace(e.getValue());
                UI.getCurrent().refreshCurrentRoute(true);
            }
        });
        nav.setId("sideNav");
        userName.setId("userName");
        Button logout = new Button("Sign out", e -> ConsoleSession.signOut());
        logout.setId("logoutButton");
        logout.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        Span title = new Span("Flotilla");
        title.getStyle().set("font-weight", "600").set("font-size", "var(--lumo-font-size-l)");
        workspaceSelect.setWidth("16em");
        Span workspaceLabel = new Span("Workspace");
        workspaceLabel.getStyle().set("color", "var(--lumo-secondary-text-color)").set("margin-left", "var(--lumo-space-l)");
        Div spacer = new Div();
        HorizontalLayout bar = new HorizontalLayout(title, workspaceLabel, workspaceSelect, spacer, userName, logout);
        bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        bar.setWidthFull();
        bar.expand(spacer);
        bar.getStyle().set("padding-right", "var(--lumo-space-m)");
        addToNavbar(new DrawerToggle(), bar);
        addToDrawer(nav);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Caller caller = ConsoleSession.requireCaller();
        userName.setText(caller.username());
        List<String> names = workspaces.list(caller).stream().map(Workspace::name).toList();
        workspaceSelect.setItems(names);
        String selected = ConsoleSession.workspace().filter(names::contains)
                .orElse(names.isEmpty() ? null : names.get(0));
        ConsoleSession.selectWorkspace(selected);
        workspaceSelect.setValue(selected);
        workspaceSelect.setEnabled(!names.isEmpty());
        buildNav(caller, selected);
    }

    private void buildNav(Caller caller, String workspace) {
        nav.removeAll();
        if (workspace != null) {
            SideNavItem clusters = item("Clusters", ClustersView.class, "navClusters");
            clusters.setMatchNested(true);
            nav.addItem(clusters);
            SideNavItem environments = item("Environments", EnvironmentsView.class, "navEnvironments");
            environments.setMatchNested(true);
            nav.addItem(environments);
            nav.addItem(item("Usage", UsageView.class, "navUsage"));
        }
        nav.addItem(item("My tokens", TokensView.class, "navTokens"));
        nav.addItem(item("Notifications", NotificationsView.class, "navNotifications"));
        if (workspace != null) {
            nav.addItem(item("Members", MembersView.class, "navMembers"));
            nav.addItem(item("Usage settings", UsageSettingsView.class, "navUsageSettings"));
        }
        if (caller.applianceAdmin()) {
            nav.addItem(item("Users", UsersView.class, "navUsers"));
            nav.addItem(item("Cloud accounts", CloudAccountsView.class, "navCloudAccounts"));
        }
        if (caller.applianceAdmin() || (workspace != null && workspaces.get(caller, workspace).isAdmin())) {
            nav.addItem(item("Audit log", AuditView.class, "navAudit"));
        }
    }

    private static SideNavItem item(String label, Class<? extends com.vaadin.flow.component.Component> view, String id) {
        SideNavItem item = new SideNavItem(label, view);
        item.setId(id);
        return item;
    }
}
