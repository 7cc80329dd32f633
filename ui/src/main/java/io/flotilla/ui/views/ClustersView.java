package io.flotilla.ui.views;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterService;
import io.flotilla.cluster.ClusterState;
import io.flotilla.identity.Directory;
import io.flotilla.provider.local.LocalIsolation;
import io.flotilla.ui.session.ConsoleSession;
import io.micronaut.context.annotation.Prototype;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The selected workspace's clusters, newest first, with their live state (refreshed every few seconds),
 * workers, age, owner and the reason they stopped; a name opens the cluster's page. While local clusters are not
 * isolated from the appliance ({@link LocalIsolation}), a notice above the list says so.
 */
@Prototype
@Route(value = "clusters", layout = MainLayout.class)
@PageTitle("Clusters | Flotilla")
public class ClustersView extends VerticalLayout implements BeforeEnterObserver {
    /** How many clusters the page shows. */
    static final int PAGE = 200;
    private final transient ClusterService clusters;
    private final transient OwnerNames owners;
    private final transient Clock clock;
    private final H2 title = new H2("Clusters");
    private final Select<ClusterState> statusFilter = new Select<>();
    private final Span summary = new Span();
    private final Grid<Cluster> grid = new Grid<>();
    private String workspace;

    public ClustersView(ClusterService clusters, Directory directory, LocalIsolation isolation, Clock clock) {
        this.clusters = clusters;
        this.owners = new OwnerNames(directory);
        this.clock = clock;
        setId("clustersView");
        setSizeFull();
        statusFilter.setId("clusterStatusFilter");
        statusFilter.setLabel("State");
        statusFilter.setItems(ClusterState.values());
        statusFilter.setItemLabelGenerator(state -> state == null ? "all" : state.id());
        statusFilter.setEmptySelectionAllowed(true);
        statusFilter.setEmptySelectionCaption("all");
        statusFilter.addValueChangeListener(e -> refresh());
        summary.setId("clustersSummary");
        summary.getStyle().set("color", "var(--lumo-secondary-text-color)");
        HorizontalLayout bar = new HorizontalLayout(statusFilter, summary);
        bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        grid.setId("clustersGrid");
        grid.addComponentColumn(this::nameLink).setHeader("Name").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(c -> StateBadge.of(c.state())).setHeader("State").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(ClustersView::workers).setHeader("Workers").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(c -> Formats.age(Duration.between(c.createdAt(), clock.instant()))).setHeader("Age")
                .setAutoWidth(true).setFlexGrow(0).setTooltipGenerator(c -> "Created " + Formats.seconds(c.createdAt()));
        grid.addColumn(c -> owners.of(c.ownerId())).setHeader("Owner").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(c -> c.reason() == null ? "" : c.reason()).setHeader("Reason").setAutoWidth(true);
        add(title);
        isolation.notice().ifPresent(text -> add(isolationNotice(text)));
        add(bar, grid);
        LivePolling.install(this, this::refresh);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        workspace = ConsoleSession.workspace().orElse(null);
        if (workspace == null) {
            event.forwardTo(TokensView.class);
            return;
        }
        title.setText("Clusters of " + workspace);
        refresh();
    }

    /**
     * "connected / desired", plus the adaptive range when adaptive scaling is on; a stopped or failed
     * cluster has no connected workers, whatever its last heartbeat said.
     */
    static String workers(Cluster c) {
        boolean gone = c.state().isFinished();
        String counts = (gone ? "—" : Integer.toString(c.workersConnected())) + " / " + c.desiredWorkers();
        return c.adaptive() ? counts + " (adaptive " + c.adaptMinimum() + ".." + c.adaptMaximum() + ")" : counts;
    }

    private void refresh() {
        if (workspace == null) {
            return;
        }
        ClusterState state = statusFilter.getValue();
        List<ClusterState> states = state == null ? null : List.of(state);
        Feedback.call(() -> clusters.list(ConsoleSession.requireCaller(), workspace, states, null, PAGE, 0))
                .ifPresent(page -> {
                    grid.setItems(page.items());
                    summary.setText(page.total() > page.items().size()
                            ? "Newest " + page.items().size() + " of " + page.total() + " clusters"
                            : page.total() + (page.total() == 1 ? " cluster" : " clusters"));
                });
    }

    private static Component isolationNotice(String text) {
        Span notice = new Span("Note: " + text + ". To isolate them, run the appliance as root (see FLOTILLA_LOCAL_RUN_AS).");
        notice.setId("localIsolationNotice");
        notice.getElement().getThemeList().add("badge error");
        notice.getStyle().set("white-space", "normal");
        return notice;
    }

    private Component nameLink(Cluster cluster) {
        RouterLink link = new RouterLink(cluster.name(), ClusterDetailView.class, new RouteParameters("name", cluster.name()));
        link.setId("cluster-" + cluster.name());
        return link;
    }
}
