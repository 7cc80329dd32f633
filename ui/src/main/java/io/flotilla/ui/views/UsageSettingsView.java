package io.flotilla.ui.views;

import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.flotilla.identity.WorkspaceService;
import io.flotilla.usage.notices.UsageSettingsService;
import io.flotilla.ui.session.ConsoleSession;
import io.micronaut.context.annotation.Prototype;

/** The selected workspace's usage settings ({@link UsageSettingsPanel}) on a page of their own. */
@Prototype
@Route(value = "usage-settings", layout = MainLayout.class)
@PageTitle("Usage settings | Flotilla")
public class UsageSettingsView extends VerticalLayout implements BeforeEnterObserver {
    private final transient WorkspaceService workspaces;
    private final UsageSettingsPanel panel;

    public UsageSettingsView(WorkspaceService workspaces, UsageSettingsService settings) {
        this.workspaces = workspaces;
        this.panel = new UsageSettingsPanel(settings);
        setId("usageSettingsView");
        add(panel);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String workspace = ConsoleSession.workspace().orElse(null);
        if (workspace == null) {
            event.forwardTo(TokensView.class);
            return;
        }
        panel.show(workspace, workspaces.get(ConsoleSession.requireCaller(), workspace).isAdmin());
    }
}
