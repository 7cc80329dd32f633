package io.flotilla.ui.views;

import com.vaadin.flow.component.ClickEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.flotilla.account.CloudAccount;
import io.flotilla.account.CloudAccountChecks;
import io.flotilla.account.CloudAccountService;
import io.flotilla.identity.Caller;
import io.flotilla.identity.WorkspaceService;
import io.flotilla.ui.session.ConsoleSession;
import io.micronaut.context.annotation.Prototype;

import java.util.List;

/**
 * The cloud accounts clusters run in (appliance admins only): list, register, remove, and bind workspaces to
 * them. No secret is ever shown: access keys appear as a hint like {@code AKIA…0001}.
 */
@Prototype
@Route(value = "cloud-accounts", layout = MainLayout.class)
@PageTitle("Cloud accounts | Flotilla")
public class CloudAccountsView extends VerticalLayout implements BeforeEnterObserver {
    private final transient CloudAccountService accounts;
    private final transient CloudAccountChecks checks;
    private final transient WorkspaceService workspaces;
    private final Grid<Row> grid = new Grid<>();

    /** An account with the names of the workspaces bound to it. */
    record Row(CloudAccount account, List<String> workspaces) {
    }

    public CloudAccountsView(CloudAccountService accounts, CloudAccountChecks checks, WorkspaceService workspaces) {
        this.accounts = accounts;
        this.checks = checks;
        this.workspaces = workspaces;
        setId("cloudAccountsView");
        Button register = new Button("Register account", e -> new RegisterCloudAccountDialog(accounts, a -> {
            Feedback.success("Cloud account " + a.name() + " registered.");
            refresh();
        }).open());
        register.setId("registerAccountButton");
        register.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Paragraph intro = new Paragraph("A workspace bound to an account starts its new clusters there; unbound "
                + "workspaces run clusters on the appliance's own machine.");
        grid.setId("cloudAccountsGrid");
        grid.setAllRowsVisible(true);
        grid.addColumn(r -> r.account().name()).setHeader("Name").setAutoWidth(true);
        grid.addColumn(r -> r.account().provider() + " " + r.account().region()
                + (r.account().setting("project") == null ? "" : " (" + r.account().setting("project") + ")")).setHeader("Provider, region")
                .setAutoWidth(true);
        grid.addColumn(r -> credentials(r.account())).setHeader("Credentials").setAutoWidth(true)
                .setTooltipGenerator(r -> credentialDetails(r.account()));
        grid.addColumn(r -> subnets(r.account())).setHeader("Subnets").setWidth("8em")
                .setTooltipGenerator(r -> subnets(r.account()));
        grid.addColumn(r -> String.join(", ", r.workspaces())).setHeader("Workspaces").setAutoWidth(true);
        grid.addColumn(r -> validation(r.account())).setHeader("Validated").setAutoWidth(true)
                .setTooltipGenerator(r -> validationDetails(r.account()));
        grid.addComponentColumn(this::actions).setHeader("").setWidth("24em").setFlexGrow(0).setFrozenToEnd(true);
        add(new H2("Cloud accounts"), intro, register, grid);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (!ConsoleSession.requireCaller().applianceAdmin()) {
            Feedback.error("Only appliance administrators can manage cloud accounts.");
            event.forwardTo(TokensView.class);
            return;
        }
        refresh();
    }

    private void refresh() {
        Caller caller = ConsoleSession.requireCaller();
        Feedback.call(() -> accounts.list(caller).stream().map(a -> new Row(a, accounts.workspacesOf(caller, a))).toList())
                .ifPresent(grid::setItems);
    }

    private String credentials(CloudAccount account) {
        var described = accounts.credentialsOf(account);
        return described.discouraged() ? described.mode() + " (discouraged)" : described.mode();
    }

    private String credentialDetails(CloudAccount account) {
        return accounts.credentialsOf(account).sentence();
    }

    private static String subnets(CloudAccount account) {
        if (account.subnetList().isEmpty()) {
            return "gcp".equals(account.provider()) ? "network " + (account.setting("network") == null ? "default"
                    : account.setting("network")) : "default VPC";
        }
        return String.join(", ", account.subnetList());
    }

    private static String validation(CloudAccount account) {
        if (account.validatedAt() == null) {
            return "never";
        }
        return Boolean.TRUE.equals(account.validationOk()) ? "ok" : "failed";
    }

    private static String validationDetails(CloudAccount account) {
        if (account.validatedAt() == null) {
            return "Not validated yet";
        }
        String summary = account.validationSummary() == null ? "" : ": " + account.validationSummary();
        return Formats.minutes(account.validatedAt(), "") + summary;
    }

    private HorizontalLayout actions(Row row) {
        String name = row.account().name();
        Button bind = small("Bind…", "bind-" + name,
                e -> BindWorkspaceDialog.bind(accounts, workspaces, row.account(), this::refresh).open());
        Button unbind = small("Unbind…", "unbind-" + name,
                e -> BindWorkspaceDialog.unbind(accounts, row.account(), row.workspaces(), this::refresh).open());
        bind.setTooltipText("Bind a workspace to this account");
        unbind.setTooltipText("Unbind a workspace from this account");
        unbind.setVisible(!row.workspaces().isEmpty());
        Button validate = small("Validate", "validate-" + name, e -> validate(name));
        validate.setTooltipText("Try harmless calls with the account's credentials and report missing permissions");
        Button network = small("Network", "network-" + name, e -> createNetwork(name));
        network.setTooltipText("Create a tagged VPC with one subnet per zone and use its subnets (needs the setup policy)");
        Button remove = small("Remove", "remove-" + name, e -> confirmRemove(row.account()));
        remove.addThemeVariants(ButtonVariant.LUMO_ERROR);
        HorizontalLayout actions = new HorizontalLayout(validate, network, bind, unbind, remove);
        actions.setSpacing(false);
        actions.getStyle().set("gap", "var(--lumo-space-s)");
        return actions;
    }

    private void validate(String name) {
        Feedback.call(() -> checks.validate(ConsoleSession.requireCaller(), name)).ifPresent(report -> {
            String sentence = CloudAccountChecks.summary(report);
            if (report.ok()) {
                Feedback.success("Cloud account " + name + ": " + sentence);
            } else {
                Feedback.error("Cloud account " + name + ": " + sentence);
            }
            refresh();
        });
    }

    private void createNetwork(String name) {
        Feedback.call(() -> checks.createNetwork(ConsoleSession.requireCaller(), name, null)).ifPresent(account -> {
            Feedback.success("Cloud account " + name + " now uses subnets " + String.join(", ", account.subnetList()) + ".");
            refresh();
        });
    }

    private static Button small(String label, String id, ComponentEventListener<ClickEvent<Button>> listener) {
        Button button = new Button(label, listener);
        button.setId(id);
        button.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY_INLINE);
        return button;
    }

    private void confirmRemove(CloudAccount account) {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setId("confirmRemoveAccountDialog");
        confirm.setHeader("Remove cloud account '" + account.name() + "'?");
        confirm.setText("The appliance forgets the account" + (accounts.credentialsOf(account).discouraged()
                ? " and deletes its stored key" : "") + ". Nothing is deleted in the cloud.");
        confirm.setCancelable(true);
        Button yes = new Button("Remove", e -> {
            confirm.close();
            if (Feedback.run(() -> accounts.delete(ConsoleSession.requireCaller(), account.name()))) {
                Feedback.success("Cloud account " + account.name() + " removed.");
            }
            refresh();
        });
        yes.setId("confirmRemoveAccountButton");
        yes.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        confirm.setConfirmButton(yes);
        confirm.open();
    }
}
