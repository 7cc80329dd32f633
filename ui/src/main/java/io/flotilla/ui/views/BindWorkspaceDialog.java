package io.flotilla.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import io.flotilla.account.CloudAccount;
import io.flotilla.account.CloudAccountService;
import io.flotilla.identity.Workspace;
import io.flotilla.identity.WorkspaceService;
import io.flotilla.ui.session.ConsoleSession;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Picks a workspace and binds it to a cloud account (its new clusters start there) or unbinds it (its new
 * clusters run on the appliance's machine again). Running clusters stay where they are.
 */
final class BindWorkspaceDialog extends Dialog {
    private final ComboBox<String> workspace = new ComboBox<>("Workspace");
    private final TextField allowedCidrs = new TextField("Addresses allowed to its schedulers");

    private BindWorkspaceDialog(String title, String explanation, List<String> choices, String action,
                                boolean askForCidrs, Predicate<String> apply) {
        setId("bindWorkspaceDialog");
        setHeaderTitle(title);
        workspace.setId("bindWorkspaceSelect");
        workspace.setItems(choices);
        workspace.setRequired(true);
        workspace.setWidthFull();
        if (choices.size() == 1) {
            workspace.setValue(choices.get(0));
        }
        allowedCidrs.setId("bindAllowedCidrs");
        allowedCidrs.setWidthFull();
        allowedCidrs.setPlaceholder("e.g. 10.20.0.0/16, 192.0.2.0/24");
        allowedCidrs.setHelperText("CIDRs, comma-separated; empty: the account's setting (default: its network)");
        allowedCidrs.setVisible(askForCidrs);
        VerticalLayout body = new VerticalLayout(new Paragraph(explanation), workspace, allowedCidrs);
        body.setPadding(false);
        add(body);
        Button confirm = new Button(action, e -> {
            if (workspace.getValue() == null) {
                Feedback.error("Choose a workspace.");
                return;
            }
            if (apply.test(workspace.getValue())) {
                close();
            }
        });
        confirm.setId("bindWorkspaceConfirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(new Button("Cancel", e -> close()), confirm);
        addOpenedChangeListener(e -> {
            if (!e.isOpened()) {
                removeFromParent();
            }
        });
    }

    /** Binds a workspace (any of the appliance's) to {@code account}, with the addresses its schedulers accept. */
    static BindWorkspaceDialog bind(CloudAccountService accounts, WorkspaceService workspaces, CloudAccount account,
                                    Runnable onDone) {
        List<String> names = workspaces.list(ConsoleSession.requireCaller()).stream().map(Workspace::name).toList();
        BindWorkspaceDialog[] dialog = new BindWorkspaceDialog[1];
        dialog[0] = new BindWorkspaceDialog("Bind a workspace to " + account.name(),
                "New clusters of the workspace will start in " + account.provider() + " account " + account.name()
                        + " (" + account.region() + "); a workspace bound elsewhere moves to this account.",
                names, "Bind", true, ws -> Feedback.run(() -> {
                    accounts.bind(ConsoleSession.requireCaller(), ws, account.name(), dialog[0].cidrs());
                    Feedback.success("Workspace " + ws + " bound to " + account.name() + ".");
                    onDone.run();
                }));
        return dialog[0];
    }

    /** The CIDRs typed in, or empty. */
    private List<String> cidrs() {
        String text = allowedCidrs.getValue() == null ? "" : allowedCidrs.getValue();
        return Arrays.stream(text.split("[,\\s]+")).map(String::trim).filter(c -> !c.isEmpty()).toList();
    }

    /** Unbinds one of the workspaces bound to {@code account}. */
    static BindWorkspaceDialog unbind(CloudAccountService accounts, CloudAccount account, List<String> bound,
                                      Runnable onDone) {
        return new BindWorkspaceDialog("Unbind a workspace from " + account.name(),
                "New clusters of the workspace will run on the appliance's own machine again.", bound, "Unbind", false,
                ws -> Feedback.run(() -> {
                    accounts.unbind(ConsoleSession.requireCaller(), ws);
                    Feedback.success("Workspace " + ws + " unbound.");
                    onDone.run();
                }));
    }
}
