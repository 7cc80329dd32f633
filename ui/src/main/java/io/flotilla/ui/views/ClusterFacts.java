package io.flotilla.ui.views;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AnchorTarget;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import io.flotilla.cluster.Cluster;
import io.flotilla.usage.ClusterUsage;

import java.util.Locale;

/**
 * The facts line of a cluster's page: workers, scheduler address, dashboard link, owner, times, and its metered
 * vCPU-hours, GPU-hours and estimated cost (running totals until it stops, then final). The dashboard
 * link carries the cluster's dashboard token, so only those who may connect to the cluster get it; others see why.
 */
class ClusterFacts extends FlexLayout {
    private final Span workers = value("clusterWorkers");
    private final Span scheduler = value("schedulerAddress");
    private final Anchor dashboard = new Anchor();
    private final Span noDashboard = value("noDashboard");
    private final Span owner = value("clusterOwner");
    private final Span created = value("clusterCreated");
    private final Span ready = value("clusterReady");
    private final Span stopped = value("clusterStopped");
    private final Span vcpuHours = value("clusterVcpuHours");
    private final Span gpuHours = value("clusterGpuHours");
    private final Span cost = value("clusterCost");
    private final Span costLabel = value("clusterCostLabel");

    ClusterFacts() {
        setId("clusterFacts");
        setFlexWrap(FlexWrap.WRAP);
        getStyle().set("gap", "var(--lumo-space-s) var(--lumo-space-xl)");
        dashboard.setId("dashboardLink");
        dashboard.setTarget(AnchorTarget.BLANK);
        dashboard.setText("Open dashboard");
        add(fact("Workers (connected / desired)", workers), fact("Scheduler", scheduler),
                fact("Dashboard", new Div(dashboard, noDashboard)), fact("Owner", owner), fact("Created", created),
                fact("Ready", ready), fact("Stopped", stopped), fact("vCPU-hours", vcpuHours), fact("GPU-hours", gpuHours),
                fact("Estimated cost", new Div(cost, costLabel)));
        costLabel.getStyle().set("display", "block").set("color", "var(--lumo-secondary-text-color)")
                .set("font-size", "var(--lumo-font-size-xs)");
    }

    /** The cluster's metered use; {@code usage} null when it cannot be read (the facts then say so). */
    void showUsage(ClusterUsage usage) {
        if (usage == null) {
            vcpuHours.setText("—");
            gpuHours.setText("—");
            cost.setText("—");
            costLabel.setText("");
            return;
        }
        String state = usage.complete() ? "" : " so far";
        vcpuHours.setText(hours(usage.vcpuHours()) + state
                + (usage.complete() ? "" : " (" + usage.runningVcpus() + " vCPUs running)"));
        gpuHours.setText(hours(usage.gpuHours()) + state);
        cost.setText(String.format(Locale.ROOT, "%.2f %s", usage.estimatedCost(), usage.currency()) + state);
        costLabel.setText(usage.costLabel());
    }

    /** Three decimals: a running cluster's total visibly grows between refreshes. */
    static String hours(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /**
     * {@code dashboardLink}: the link with its token, null while it is not known or when the viewer may not have it
     * ({@code mayOpen} false: the cluster's creator and the workspace's admins may).
     */
    void show(Cluster cluster, String ownerName, String dashboardLink, boolean mayOpen) {
        workers.setText(ClustersView.workers(cluster));
        scheduler.setText(cluster.schedulerAddress() == null ? "not yet" : cluster.schedulerAddress());
        boolean live = cluster.dashboardUrl() != null && !cluster.state().isFinished();
        boolean open = live && dashboardLink != null;
        if (open) {
            dashboard.setHref(dashboardLink);
        }
        dashboard.setVisible(open);
        noDashboard.setText(live && !mayOpen ? "for its creator and the workspace's admins" : "—");
        noDashboard.setVisible(!open);
        owner.setText(ownerName);
        created.setText(Formats.seconds(cluster.createdAt()));
        ready.setText(cluster.readyAt() == null ? "not yet" : Formats.seconds(cluster.readyAt()));
        stopped.setText(cluster.stoppedAt() == null ? "—" : Formats.seconds(cluster.stoppedAt()));
    }

    private static Span value(String id) {
        Span span = new Span();
        span.setId(id);
        return span;
    }

    private static Component fact(String label, Component value) {
        Span caption = new Span(label);
        caption.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        Div fact = new Div(caption, value);
        fact.getStyle().set("display", "flex").set("flex-direction", "column");
        return fact;
    }
}
