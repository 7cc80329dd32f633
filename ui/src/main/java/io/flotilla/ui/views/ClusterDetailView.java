package io.flotilla.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AnchorTarget;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterEvent;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.cluster.ClusterInstances;
import io.flotilla.cluster.ClusterService;
import io.flotilla.cluster.ClusterState;
import io.flotilla.cluster.ConnectionService;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.Directory;
import io.flotilla.logs.LogService;
import io.flotilla.provider.ResourceTags;
import io.flotilla.ui.session.ConsoleSession;
import io.flotilla.usage.ClusterUsage;
import io.flotilla.usage.UsageService;
import io.micronaut.context.annotation.Prototype;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One cluster: its live state and reason, facts, dashboard link (with its token, for those who may connect), a link
 * to its logs in the cloud's console
 * (AWS: CloudWatch), scale and stop (for its creator and the workspace's admins), and tabs with its workers,
 * events and logs. State, workers, events and the running usage totals refresh themselves every few seconds.
 */
@Prototype
@Route(value = "clusters/:name", layout = MainLayout.class)
@PageTitle("Cluster | Flotilla")
public class ClusterDetailView extends VerticalLayout implements BeforeEnterObserver {
    private final transient ClusterService clusters;
    private final transient ConnectionService connections;
    private final transient ClusterInstances instances;
    private final transient OwnerNames owners;
    private final H2 title = new H2();
    private final Span state = new Span();
    private final Span reason = new Span();
    private final ClusterFacts facts = new ClusterFacts();
    private final IntegerField scaleWorkers = new IntegerField("Workers");
    private final HorizontalLayout actions;
    private final Button scale = new Button("Scale", e -> scale());
    private final Button stop = new Button("Stop", e -> confirmStop());
    private final Grid<ClusterInstance> workersGrid = new Grid<>();
    private final Grid<ClusterEvent> eventsGrid = new Grid<>();
    private final ClusterLogsPanel logsPanel;
    private final transient LogService logs;
    private final transient UsageService usage;
    private final Anchor cloudLogs = new Anchor();
    private String workspace;
    private String name;
    private boolean control;
    private String dashboardLink;

    public ClusterDetailView(ClusterService clusters, ConnectionService connections, ClusterInstances instances,
                             Directory directory, LogService logs, UsageService usage) {
        this.clusters = clusters;
        this.connections = connections;
        this.instances = instances;
        this.owners = new OwnerNames(directory);
        this.logsPanel = new ClusterLogsPanel(logs);
        this.logs = logs;
        this.usage = usage;
        setId("clusterDetailView");
        RouterLink back = new RouterLink("← Clusters", ClustersView.class);
        back.setId("backToClusters");
        title.setId("clusterTitle");
        title.getStyle().set("margin", "0");
        state.setId("clusterState");
        reason.setId("clusterReason");
        reason.getStyle().set("color", "var(--lumo-secondary-text-color)");
        cloudLogs.setId("cloudLogsLink");
        cloudLogs.setTarget(AnchorTarget.BLANK);
        cloudLogs.setVisible(false);
        HorizontalLayout header = new HorizontalLayout(title, state, reason, cloudLogs);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        scaleWorkers.setId("scaleWorkers");
        scaleWorkers.setMin(0);
        scaleWorkers.setStepButtonsVisible(true);
        scaleWorkers.setWidth("9em");
        scale.setId("scaleButton");
        stop.setId("stopButton");
        stop.addThemeVariants(ButtonVariant.LUMO_ERROR);
        actions = new HorizontalLayout(scaleWorkers, scale, stop);
        actions.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        TabSheet tabs = new TabSheet();
        tabs.setId("clusterTabs");
        tabs.setWidthFull();
        tabs.add("Workers", workersGrid).setId("tabWorkers");
        tabs.add("Events", eventsGrid).setId("tabEvents");
        tabs.add("Logs", logsPanel).setId("tabLogs");
        configureGrids();
        add(back, header, facts, actions, tabs);
        LivePolling.install(this, this::refresh);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        workspace = ConsoleSession.workspace().orElse(null);
        name = event.getRouteParameters().get("name").orElse(null);
        if (workspace == null || name == null) {
            event.forwardTo(ClustersView.class);
            return;
        }
        title.setText(name);
        control = mayControl();
        dashboardLink = null;
        actions.setVisible(control);
        Cluster cluster = Feedback.call(() -> clusters.get(ConsoleSession.requireCaller(), workspace, name)).orElse(null);
        if (cluster == null) {
            event.forwardTo(ClustersView.class);
            return;
        }
        scaleWorkers.setValue(cluster.desiredWorkers());
        logs.consoleUrl(cluster).ifPresent(url -> {
            cloudLogs.setHref(url);
            cloudLogs.setText("aws".equals(cluster.provider()) ? "Open in CloudWatch" : "Open logs in the cloud console");
            cloudLogs.setVisible(true);
        });
        show(cluster);
        logsPanel.show(workspace, name);
    }

    private boolean mayControl() {
        try {
            clusters.requireControl(ConsoleSession.requireCaller(), workspace, name);
            return true;
        } catch (ServiceException e) {
            return false;
        }
    }

    /** The link with the token, asked for once the scheduler has reported its dashboard (the call is audited). */
    private String dashboardLink(Cluster cluster) {
        if (control && dashboardLink == null && cluster.dashboardUrl() != null && cluster.state() == ClusterState.RUNNING) {
            dashboardLink = Feedback.call(() -> connections.dashboardLink(ConsoleSession.requireCaller(), workspace, name))
                    .flatMap(link -> link).orElse(null);
        }
        return dashboardLink;
    }

    private void refresh() {
        if (name != null) {
            Feedback.call(() -> clusters.get(ConsoleSession.requireCaller(), workspace, name)).ifPresent(this::show);
        }
    }

    private void show(Cluster cluster) {
        StateBadge.show(state, cluster.state());
        reason.setText(cluster.reason() == null ? "" : cluster.reason());
        facts.show(cluster, owners.of(cluster.ownerId()), dashboardLink(cluster), control);
        facts.showUsage(usage());
        boolean active = switch (cluster.state()) {
            case STOPPING, STOPPED, FAILED -> false;
            default -> true;
        };
        scale.setEnabled(active);
        scaleWorkers.setEnabled(active);
        stop.setEnabled(active);
        replaceIfChanged(workersGrid, instances.of(cluster));
        List<ClusterEvent> events = new ArrayList<>(clusters.events(ConsoleSession.requireCaller(), workspace, name));
        Collections.reverse(events);
        replaceIfChanged(eventsGrid, events);
    }

    /** The cluster's metered use, or null (shown as "—") when it cannot be read: the rest of the page stays usable. */
    private ClusterUsage usage() {
        try {
            return usage.ofCluster(ConsoleSession.requireCaller(), workspace, name);
        } catch (ServiceException e) {
            return null;
        }
    }

    /** Sets the rows only when they changed, so that a refresh keeps the reader's scroll position. */
    private static <T> void replaceIfChanged(Grid<T> grid, List<T> rows) {
        List<T> shown = grid.getGenericDataView().getItems().toList();
        if (!shown.equals(rows)) {
            grid.setItems(rows);
        }
    }

    private void configureGrids() {
        workersGrid.setId("workersGrid");
        workersGrid.setAllRowsVisible(true);
        workersGrid.addColumn(i -> ResourceTags.roleValue(i.role())).setHeader("Role").setAutoWidth(true).setFlexGrow(0);
        workersGrid.addColumn(ClusterInstance::name).setHeader("Name").setAutoWidth(true).setFlexGrow(0);
        workersGrid.addColumn(i -> i.status().name().toLowerCase(Locale.ROOT)).setHeader("Status").setAutoWidth(true).setFlexGrow(0);
        workersGrid.addColumn(i -> i.address() == null ? "" : i.address()).setHeader("Address").setAutoWidth(true).setFlexGrow(0);
        workersGrid.addColumn(i -> Formats.seconds(i.statusSince())).setHeader("Since").setAutoWidth(true).setFlexGrow(0);
        workersGrid.addColumn(i -> i.reason() == null ? "" : i.reason()).setHeader("Reason").setAutoWidth(true);
        eventsGrid.setId("eventsGrid");
        eventsGrid.setHeight("24em");
        eventsGrid.addColumn(e -> Formats.seconds(e.at())).setHeader("When").setAutoWidth(true).setFlexGrow(0);
        eventsGrid.addColumn(ClusterEvent::kind).setHeader("Kind").setAutoWidth(true).setFlexGrow(0);
        eventsGrid.addColumn(ClusterEvent::message).setHeader("Message").setAutoWidth(true);
    }

    private void scale() {
        Integer workers = scaleWorkers.getValue();
        if (workers == null) {
            Feedback.error("Enter the number of workers to scale to.");
            return;
        }
        Feedback.call(() -> clusters.scale(ConsoleSession.requireCaller(), workspace, name, workers)).ifPresent(c -> {
            Feedback.success("Scaling " + name + " to " + workers + (workers == 1 ? " worker." : " workers."));
            show(c);
        });
    }

    private void confirmStop() {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setId("confirmStopDialog");
        confirm.setHeader("Stop cluster '" + name + "'?");
        confirm.setText("Its scheduler and workers are shut down; running computations are lost.");
        confirm.setCancelable(true);
        Button yes = new Button("Stop", e -> {
            confirm.close();
            Feedback.call(() -> clusters.stop(ConsoleSession.requireCaller(), workspace, name, null)).ifPresent(c -> {
                Feedback.success("Stopping cluster '" + name + "'.");
                show(c);
            });
        });
        yes.setId("confirmStopButton");
        yes.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        confirm.setConfirmButton(yes);
        confirm.open();
    }
}
