package io.flotilla.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import io.flotilla.environment.BuildView;
import io.flotilla.environment.EnvironmentDetail;
import io.flotilla.environment.EnvironmentLogs;
import io.flotilla.environment.EnvironmentService;
import io.flotilla.environment.EnvironmentView;
import io.flotilla.ui.session.ConsoleSession;
import io.micronaut.context.annotation.Prototype;

import java.util.List;
import java.util.UUID;

/**
 * One software environment: the state of its newest version's build (and why it failed), its spec, its versions
 * and builds, and the log of the selected build (the newest version's at first), all refreshed every few seconds
 * while builds run. Delete (confirmed) removes every version; the service refuses it while a cluster uses it.
 */
@Prototype
@Route(value = "environments/:name", layout = MainLayout.class)
@PageTitle("Software environment | Flotilla")
public class EnvironmentDetailView extends VerticalLayout implements BeforeEnterObserver {
    private final transient EnvironmentService environments;
    private final H2 title = new H2();
    private final Span state = new Span();
    private final Span version = new Span();
    private final EnvironmentSpecFacts spec = new EnvironmentSpecFacts();
    private final Grid<EnvironmentView> versionsGrid = new Grid<>();
    private final Grid<BuildView> buildsGrid = new Grid<>();
    private final BuildLogPanel logPanel;
    private String workspace;
    private String name;
    private List<BuildView> builds = List.of();

    public EnvironmentDetailView(EnvironmentService environments, EnvironmentLogs logs) {
        this.environments = environments;
        this.logPanel = new BuildLogPanel(logs);
        setId("environmentDetailView");
        RouterLink back = new RouterLink("← Software environments", EnvironmentsView.class);
        back.setId("backToEnvironments");
        title.setId("environmentTitle");
        title.getStyle().set("margin", "0");
        state.setId("environmentState");
        version.setId("environmentVersion");
        version.getStyle().set("color", "var(--lumo-secondary-text-color)");
        Button delete = new Button("Delete", e -> confirmDelete());
        delete.setId("deleteEnvironmentButton");
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        HorizontalLayout header = new HorizontalLayout(title, version, state, delete);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        configureGrids();
        add(back, header, spec, new H3("Versions"), versionsGrid, new H3("Builds"), buildsGrid, logPanel);
        LivePolling.install(this, this::refresh);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        workspace = ConsoleSession.workspace().orElse(null);
        name = event.getRouteParameters().get("name").orElse(null);
        if (workspace == null || name == null) {
            event.forwardTo(EnvironmentsView.class);
            return;
        }
        title.setText(name);
        EnvironmentDetail detail = Feedback.call(() -> environments.get(ConsoleSession.requireCaller(), workspace, name)).orElse(null);
        if (detail == null) {
            event.forwardTo(EnvironmentsView.class);
            return;
        }
        show(detail);
    }

    private void refresh() {
        if (name != null && workspace != null) {
            Feedback.call(() -> environments.get(ConsoleSession.requireCaller(), workspace, name)).ifPresent(this::show);
        }
    }

    private void show(EnvironmentDetail detail) {
        EnvironmentView current = detail.current();
        BuildStateBadge.show(state, current.state());
        version.setText("version " + current.version());
        spec.show(current);
        replaceIfChanged(versionsGrid, detail.versions());
        builds = detail.builds();
        replaceIfChanged(buildsGrid, builds);
        UUID selected = logPanel.buildId() == null ? current.buildId() : logPanel.buildId();
        builds.stream().filter(b -> b.id().equals(selected)).findFirst()
                .or(() -> builds.stream().filter(b -> b.id().equals(current.buildId())).findFirst())
                .ifPresent(b -> logPanel.show(workspace, name, b));
    }

    private static <T> void replaceIfChanged(Grid<T> grid, List<T> rows) {
        if (!grid.getGenericDataView().getItems().toList().equals(rows)) {
            grid.setItems(rows);
        }
    }

    private void configureGrids() {
        versionsGrid.setId("versionsGrid");
        versionsGrid.setAllRowsVisible(true);
        versionsGrid.addColumn(EnvironmentView::version).setHeader("Version").setAutoWidth(true).setFlexGrow(0);
        versionsGrid.addComponentColumn(v -> BuildStateBadge.of(v.state())).setHeader("State").setAutoWidth(true).setFlexGrow(0);
        versionsGrid.addColumn(v -> EnvironmentsView.shortHash(v.specHash())).setHeader("Spec").setAutoWidth(true).setFlexGrow(0)
                .setTooltipGenerator(EnvironmentView::specHash);
        versionsGrid.addColumn(v -> EnvironmentSpecFacts.packagesOf(v.spec()).replace('\n', ' ')).setHeader("Packages")
                .setAutoWidth(true);
        versionsGrid.addColumn(v -> Formats.minutes(v.createdAt(), "")).setHeader("Created").setAutoWidth(true).setFlexGrow(0);
        versionsGrid.addColumn(EnvironmentView::createdBy).setHeader("Created by").setAutoWidth(true).setFlexGrow(0);
        buildsGrid.setId("buildsGrid");
        buildsGrid.setAllRowsVisible(true);
        buildsGrid.addColumn(b -> b.id().toString().substring(0, 8)).setHeader("Build").setAutoWidth(true).setFlexGrow(0)
                .setTooltipGenerator(b -> b.id().toString());
        buildsGrid.addComponentColumn(b -> BuildStateBadge.of(b.state())).setHeader("State").setAutoWidth(true).setFlexGrow(0);
        buildsGrid.addColumn(b -> EnvironmentsView.shortHash(b.specHash())).setHeader("Spec").setAutoWidth(true).setFlexGrow(0);
        buildsGrid.addColumn(BuildView::builder).setHeader("Builder").setAutoWidth(true).setFlexGrow(0);
        buildsGrid.addColumn(BuildView::attempts).setHeader("Attempts").setAutoWidth(true).setFlexGrow(0);
        buildsGrid.addColumn(b -> Formats.seconds(b.createdAt())).setHeader("Queued").setAutoWidth(true).setFlexGrow(0);
        buildsGrid.addColumn(b -> Formats.seconds(b.finishedAt())).setHeader("Finished").setAutoWidth(true).setFlexGrow(0);
        buildsGrid.addColumn(b -> b.failure() == null ? "" : b.failure().lines().findFirst().orElse("")).setHeader("Reason")
                .setAutoWidth(true).setTooltipGenerator(b -> b.failure() == null ? "" : b.failure());
        buildsGrid.addItemClickListener(e -> logPanel.show(workspace, name, e.getItem()));
    }

    private void confirmDelete() {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setId("confirmDeleteEnvironmentDialog");
        confirm.setHeader("Delete software environment '" + name + "'?");
        confirm.setText("Every version goes; builds no other environment uses are removed with their logs.");
        confirm.setCancelable(true);
        Button yes = new Button("Delete", e -> {
            confirm.close();
            if (Feedback.run(() -> environments.delete(ConsoleSession.requireCaller(), workspace, name))) {
                Feedback.success("Deleted software environment '" + name + "'.");
                name = null;
                getUI().ifPresent(ui -> ui.navigate(EnvironmentsView.class));
            }
        });
        yes.setId("confirmDeleteEnvironmentButton");
        yes.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        confirm.setConfirmButton(yes);
        confirm.open();
    }
}
