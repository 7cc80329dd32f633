package io.flotilla.cluster;

import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The only code that changes a cluster's status or target. Each transition locks the row, checks the
 * state it starts from, writes the change and an event for the user, in one transaction, and announces it
 * ({@link ClusterStateChanged}) once committed. Each change is also one INFO line of the appliance log, naming
 * the cluster by name and id, so operators can follow a cluster's life there.
 */
@Singleton
public class ClusterTransitions {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterTransitions.class);
    private final ClusterRepository clusters;
    private final ClusterEventRepository events;
    private final ApplicationEventPublisher<ClusterStateChanged> stateChanges;
    private final Clock clock;

    public ClusterTransitions(ClusterRepository clusters, ClusterEventRepository events,
                              ApplicationEventPublisher<ClusterStateChanged> stateChanges, Clock clock) {
        this.clusters = clusters;
        this.events = events;
        this.stateChanges = stateChanges;
        this.clock = clock;
    }

    @Transactional
    public void startProvisioning(UUID id) {
        move(id, ClusterStatus.PENDING, c -> c.withStatus(ClusterStatus.STARTING, clock.instant()), "starting", "Provisioning started");
    }

    @Transactional
    public void markRunning(UUID id) {
        move(id, ClusterStatus.STARTING, c -> c.withStatus(ClusterStatus.RUNNING, clock.instant()), "running",
                "The scheduler is up and answering");
    }

    /** Sets the target to STOPPED; the first reason given is kept. Idempotent. */
    @Transactional
    public Cluster requestStop(UUID id, String reason) {
        Cluster c = clusters.lock(id).orElseThrow();
        if (c.target() == ClusterTarget.STOPPED || c.status().isTerminal()) {
            return c;
        }
        Cluster changed = clusters.update(c.withTarget(ClusterTarget.STOPPED, reason));
        event(id, "stop-requested", "Stop requested: " + reason);
        logChange(changed, "stop requested: " + reason);
        stateChanges.publishEvent(new ClusterStateChanged(id));
        return changed;
    }

    @Transactional
    public void beginStopping(UUID id) {
        Cluster c = clusters.lock(id).orElseThrow();
        if (c.status() == ClusterStatus.STOPPING || c.status().isTerminal()) {
            return;
        }
        clusters.update(c.withStatus(ClusterStatus.STOPPING, clock.instant()));
        event(id, "stopping", "Stopping: " + c.reason());
        logChange(c, "stopping");
        stateChanges.publishEvent(new ClusterStateChanged(id));
    }

    @Transactional
    public void finish(UUID id, ClusterStatus terminal) {
        move(id, ClusterStatus.STOPPING, c -> c.withStatus(terminal, clock.instant()), terminal.name().toLowerCase(),
                null);
    }

    /** Appends a user-facing event. */
    @Transactional
    public void event(UUID clusterId, String kind, String message) {
        events.save(new ClusterEvent(null, clusterId, clock.instant(), kind,
                message.length() > 2048 ? message.substring(0, 2048) : message));
    }

    private void move(UUID id, ClusterStatus from, UnaryOperator<Cluster> change, String kind, String message) {
        Cluster c = clusters.lock(id).orElseThrow();
        if (c.status() != from) {
            return;
        }
        Cluster changed = clusters.update(change.apply(c));
        event(id, kind, message != null ? message : changed.status().name().toLowerCase() + ": " + changed.reason());
        logChange(changed, kind + (changed.reason() == null ? "" : " (" + changed.reason() + ")"));
        stateChanges.publishEvent(new ClusterStateChanged(id));
    }

    private static void logChange(Cluster cluster, String what) {
        LOG.info("Cluster {} ({}): {}", cluster.name(), cluster.id(), what);
    }
}
