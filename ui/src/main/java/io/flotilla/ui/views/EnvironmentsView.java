package io.flotilla.ui.views;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import io.flotilla.environment.BuildSettings;
import io.flotilla.environment.EnvironmentService;
import io.flotilla.environment.EnvironmentUsage;
import io.flotilla.environment.EnvironmentView;
import io.flotilla.ui.session.ConsoleSession;
import io.micronaut.context.annotation.Prototype;

import java.util.List;
import java.util.Map;

/**
 * The selected workspace's software environments (newest version of each) with the live state of their builds,
 * their spec's hash, when they were made and how many active clusters use them; a name opens the environment's
 * page, "Create environment" opens the form. Members of the workspace see it; the service refuses anyone else.
 */
@Prototype
@Route(value = "environments", layout = MainLayout.class)
@PageTitle("Software environments | Flotilla")
public class EnvironmentsView extends VerticalLayout implements BeforeEnterObserver {
    private final transient EnvironmentService environments;
    private final transient EnvironmentUsage usage;
    private final transient BuildSettings settings;
    private final H2 title = new H2("Software environments");
    private final Span summary = new Span();
    private final Grid<Row> grid = new Grid<>();
    private String workspace;

    /** An environment with the active clusters that use it. */
    record Row(EnvironmentView environment, List<String> clusters) {
    }

    public EnvironmentsView(EnvironmentService environments, EnvironmentUsage usage, BuildSettings settings) {
        this.environments = environments;
        this.usage = usage;
        this.settings = settings;
        setId("environmentsView");
        setSizeFull();
        Button create = new Button("Create environment", e -> openCreate());
        create.setId("createEnvironmentButton");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        summary.setId("environmentsSummary");
        summary.getStyle().set("color", "var(--lumo-secondary-text-color)");
        HorizontalLayout bar = new HorizontalLayout(create, summary);
        bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        grid.setId("environmentsGrid");
        grid.addComponentColumn(this::nameLink).setHeader("Name").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> r.environment().version()).setHeader("Version").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(r -> BuildStateBadge.of(r.environment().state())).setHeader("State").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> r.environment().kind()).setHeader("Kind").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> shortHash(r.environment().specHash())).setHeader("Spec").setAutoWidth(true).setFlexGrow(0)
                .setTooltipGenerator(r -> r.environment().specHash());
        grid.addColumn(r -> Formats.minutes(r.environment().createdAt(), "")).setHeader("Created").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> r.environment().createdBy()).setHeader("Created by").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> usedBy(r.clusters())).setHeader("Used by").setAutoWidth(true)
                .setTooltipGenerator(r -> String.join(", ", r.clusters()));
        add(title, bar, grid);
        LivePolling.install(this, this::refresh);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        workspace = ConsoleSession.workspace().orElse(null);
        if (workspace == null) {
            event.forwardTo(TokensView.class);
            return;
        }
        title.setText("Software environments of " + workspace);
        refresh();
    }

    /** The first 12 hex digits of a spec hash, as the CLI shows it. */
    static String shortHash(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }

    static String usedBy(List<String> clusters) {
        return clusters.isEmpty() ? "—" : clusters.size() == 1 ? "1 cluster" : clusters.size() + " clusters";
    }

    private void refresh() {
        if (workspace == null) {
            return;
        }
        Feedback.call(() -> {
            List<EnvironmentView> list = environments.list(ConsoleSession.requireCaller(), workspace);
            Map<String, List<String>> users = usage.activeClusters(ConsoleSession.requireCaller(), workspace,
                    list.stream().map(EnvironmentView::name).toList());
            return list.stream().map(e -> new Row(e, users.getOrDefault(e.name(), List.of()))).toList();
        }).ifPresent(rows -> {
            if (!grid.getGenericDataView().getItems().toList().equals(rows)) {
                grid.setItems(rows);
            }
            summary.setText(rows.size() == 1 ? "1 environment" : rows.size() + " environments");
        });
    }

    private void openCreate() {
        new CreateEnvironmentDialog(environments, workspace, settings.getDefaultPython(), created -> {
            Feedback.success("Environment '" + created.name() + "' version " + created.version() + ": build " + created.state() + ".");
            getUI().ifPresent(ui -> ui.navigate(EnvironmentDetailView.class, new RouteParameters("name", created.name())));
        }).open();
    }

    private Component nameLink(Row row) {
        String name = row.environment().name();
        RouterLink link = new RouterLink(name, EnvironmentDetailView.class, new RouteParameters("name", name));
        link.setId("environment-" + name);
        return link;
    }
}
