package io.flotilla.ui.views;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.flotilla.audit.AuditEvent;
import io.flotilla.audit.AuditFilter;
import io.flotilla.audit.AuditLog;
import io.flotilla.identity.Caller;
import io.flotilla.ui.session.ConsoleSession;
import io.micronaut.context.annotation.Prototype;

import java.util.List;
import java.util.Optional;

/**
 * The latest audit entries: the whole appliance's for appliance admins, the selected workspace's
 * for its admins. The engine's own cloud changes show their cause, cloud account and resource ids.
 */
@Prototype
@Route(value = "audit", layout = MainLayout.class)
@PageTitle("Audit log | Flotilla")
public class AuditView extends VerticalLayout implements BeforeEnterObserver {
    /** How many entries the page shows. */
    static final int PAGE = 200;
    private final transient AuditLog audit;
    private final Paragraph scope = new Paragraph();
    private final Grid<AuditEvent> grid = new Grid<>();

    public AuditView(AuditLog audit) {
        this.audit = audit;
        setId("auditView");
        setSizeFull();
        scope.setId("auditScope");
        grid.setId("auditGrid");
        grid.addColumn(e -> Formats.seconds(e.at())).setHeader("When").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(AuditEvent::actorName).setHeader("Who").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(AuditEvent::action).setHeader("Action").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(AuditEvent::target).setHeader("Target").setAutoWidth(true);
        grid.addColumn(AuditEvent::details).setHeader("Details").setAutoWidth(true);
        grid.addColumn(AuditEvent::cause).setHeader("Cause").setAutoWidth(true).setKey("cause");
        grid.addColumn(AuditEvent::cloudAccount).setHeader("Cloud account").setAutoWidth(true).setFlexGrow(0)
                .setKey("cloudAccount");
        grid.addColumn(e -> e.resources() == null ? "" : e.resources().replace(",", ", ")).setHeader("Resources")
                .setAutoWidth(true).setKey("resources").setTooltipGenerator(AuditEvent::resources);
        grid.addColumn(AuditEvent::requestId).setHeader("Request").setWidth("11em").setFlexGrow(0)
                .setTooltipGenerator(AuditEvent::requestId);
        add(new H2("Audit log"), scope, grid);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Caller caller = ConsoleSession.requireCaller();
        Optional<String> workspace = ConsoleSession.workspace();
        Optional<List<AuditEvent>> events;
        if (caller.applianceAdmin()) {
            scope.setText("Latest " + PAGE + " entries of the whole appliance, newest first.");
            events = Feedback.call(() -> audit.list(caller, AuditFilter.ALL, null, PAGE));
        } else if (workspace.isPresent()) {
            scope.setText("Latest " + PAGE + " entries of workspace " + workspace.get() + ", newest first.");
            events = Feedback.call(() -> audit.listWorkspace(caller, workspace.get(), AuditFilter.ALL, null, PAGE));
        } else {
            events = Optional.empty();
            Feedback.error("Choose a workspace you administer to see its audit log.");
        }
        events.ifPresentOrElse(grid::setItems, () -> event.forwardTo(TokensView.class));
    }
}
