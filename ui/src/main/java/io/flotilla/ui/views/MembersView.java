package io.flotilla.ui.views;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.flotilla.identity.Role;
import io.flotilla.identity.WorkspaceService;
import io.flotilla.identity.WorkspaceService.Member;
import io.flotilla.ui.session.ConsoleSession;
import io.micronaut.context.annotation.Prototype;

/** Members of the selected workspace; its admins add members, change roles and remove members. */
@Prototype
@Route(value = "members", layout = MainLayout.class)
@PageTitle("Members | Flotilla")
public class MembersView extends VerticalLayout implements BeforeEnterObserver {
    private final transient WorkspaceService workspaces;
    private final H2 title = new H2("Members");
    private final Paragraph hint = new Paragraph();
    private final Grid<Member> grid = new Grid<>();
    private final TextField username = new TextField("Username");
    private final Select<Role> role = roleSelect("Role");
    private final HorizontalLayout addForm;
    private String workspace;
    private boolean admin;

    public MembersView(WorkspaceService workspaces) {
        this.workspaces = workspaces;
        setId("membersView");
        username.setId("memberUsername");
        role.setId("memberRole");
        role.setValue(Role.MEMBER);
        Button add = new Button("Add member", e -> add());
        add.setId("addMemberButton");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        addForm = new HorizontalLayout(username, role, add);
        addForm.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        grid.setId("membersGrid");
        grid.setAllRowsVisible(true);
        grid.addColumn(Member::username).setHeader("Username").setAutoWidth(true);
        grid.addColumn(Member::displayName).setHeader("Name").setAutoWidth(true);
        grid.addComponentColumn(this::roleCell).setHeader("Role").setAutoWidth(true);
        grid.addComponentColumn(this::removeButton).setHeader("").setAutoWidth(true);
        add(title, hint, addForm, grid);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        workspace = ConsoleSession.workspace().orElse(null);
        if (workspace == null) {
            event.forwardTo(TokensView.class);
            return;
        }
        admin = workspaces.get(ConsoleSession.requireCaller(), workspace).isAdmin();
        title.setText("Members of " + workspace);
        hint.setText(admin ? "As an admin of this workspace you can add, change and remove members."
                : "Only admins of this workspace can change its members.");
        addForm.setVisible(admin);
        refresh();
    }

    private void refresh() {
        Feedback.call(() -> workspaces.members(ConsoleSession.requireCaller(), workspace)).ifPresent(grid::setItems);
    }

    private void add() {
        Feedback.call(() -> workspaces.putMember(ConsoleSession.requireCaller(), workspace, username.getValue().trim(),
                role.getValue())).ifPresent(m -> {
                    Feedback.success(m.username() + " is now " + m.role().id() + " of " + workspace + ".");
                    username.clear();
                    refresh();
                });
    }

    private Component roleCell(Member member) {
        if (!admin) {
            return new Span(member.role().id());
        }
        Select<Role> select = roleSelect(null);
        select.setId("role-" + member.username());
        select.setValue(member.role());
        select.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                Feedback.call(() -> workspaces.putMember(ConsoleSession.requireCaller(), workspace, member.username(), e.getValue()))
                        .ifPresent(m -> Feedback.success(m.username() + " is now " + m.role().id() + "."));
                refresh();
            }
        });
        return select;
    }

    private Component removeButton(Member member) {
        Button remove = new Button("Remove", e -> confirmRemove(member));
        remove.setId("remove-" + member.username());
        remove.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
        remove.setVisible(admin);
        return remove;
    }

    private void confirmRemove(Member member) {
        ConfirmDialog confirm = new ConfirmDialog("Remove " + member.username() + "?",
                member.username() + " loses access to workspace " + workspace + ".", "Remove", e -> {
                    Feedback.run(() -> workspaces.removeMember(ConsoleSession.requireCaller(), workspace, member.username()));
                    refresh();
                });
        confirm.setId("confirmRemoveDialog");
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }

    private static Select<Role> roleSelect(String label) {
        Select<Role> select = new Select<>();
        if (label != null) {
            select.setLabel(label);
        }
        select.setItems(Role.values());
        select.setItemLabelGenerator(Role::id);
        return select;
    }
}
