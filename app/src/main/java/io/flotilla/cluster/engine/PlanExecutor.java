package io.flotilla.cluster.engine;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.cluster.ClusterInstanceRepository;
import io.flotilla.cluster.ClusterPki;
import io.flotilla.cluster.ClusterTarget;
import io.flotilla.cluster.InstanceStatus;
import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.ProviderRegistry;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Applies a reconcile plan: provider calls outside transactions, every row change through a short transaction. */
@Singleton
public class PlanExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(PlanExecutor.class);
    private final ClusterInstanceRepository instances;
    private final ClusterTransitions transitions;
    private final InstanceLauncher launcher;
    private final ProviderRegistry providers;
    private final ClusterPki pki;
    private final Clock clock;

    public PlanExecutor(ClusterInstanceRepository instances, ClusterTransitions transitions,
                        InstanceLauncher launcher, ProviderRegistry providers, ClusterPki pki, Clock clock) {
        this.instances = instances;
        this.transitions = transitions;
        this.launcher = launcher;
        this.providers = providers;
        this.pki = pki;
        this.clock = clock;
    }

    public void apply(Cluster cluster, List<Action> plan) {
        for (Action action : plan) {
            try {
                apply(cluster, action);
            } catch (RuntimeException e) {
                LOG.warn("Cluster {}: {} failed: {}", cluster.id(), action, e.getMessage(), e);
                onFailure(cluster, action, e);
            }
        }
    }

    private void apply(Cluster cluster, Action action) {
        UUID id = cluster.id();
        if (action instanceof Action.StartProvisioning) {
            transitions.startProvisioning(id);
        } else if (action instanceof Action.CreateInstance a) {
            ClusterInstance row = launcher.create(cluster, a.role());
            transitions.event(id, "instance", row.name() + " requested");
        } else if (action instanceof Action.Launch a) {
            ClusterInstance launched = launcher.launch(cluster, instances.findById(a.instanceId()).orElseThrow());
            transitions.event(id, "instance", launched.name() + " launched (" + launched.providerInstanceId() + ")");
        } else if (action instanceof Action.Checkpoint a) {
            instances.findById(a.instanceId()).ifPresent(row ->
                    instances.update(row.withProviderInstanceId(a.providerInstanceId(), a.address(), clock.instant())));
        } else if (action instanceof Action.Retire a) {
            instances.findById(a.instanceId()).ifPresent(row -> instances.update(row.withTarget(ClusterTarget.STOPPED, a.reason())
                    .withStatus(row.status() == InstanceStatus.READY ? InstanceStatus.STOPPING : row.status(), clock.instant())));
        } else if (action instanceof Action.Terminate a) {
            providers.forCluster(cluster).terminate(List.of(a.providerInstanceId()));
            markStopped(cluster, a.instanceId(), a.reason());
        } else if (action instanceof Action.InstanceGone a) {
            markStopped(cluster, a.instanceId(), a.reason());
        } else if (action instanceof Action.MarkRunning) {
            transitions.markRunning(id);
        } else if (action instanceof Action.RequestStop a) {
            transitions.requestStop(id, a.reason());
        } else if (action instanceof Action.BeginStopping) {
            transitions.beginStopping(id);
        } else if (action instanceof Action.Finish a) {
            forgetCa(id);
            transitions.finish(id, a.status());
            releaseResources(cluster);
        }
    }

    /**
     * A stopped cluster's templates, security groups and fleet records go too. Failing here (e.g. EC2 still
     * sees the group in use) changes nothing: the orphan sweeper releases what is left later.
     */
    private void releaseResources(Cluster cluster) {
        try {
            providers.forCluster(cluster).releaseClusterResources(cluster.id().toString());
        } catch (RuntimeException e) {
            LOG.info("Cluster {} stopped; its provider resources are released later by the sweeper: {}", cluster.id(),
                    e.getMessage());
        }
    }

    /** The CA of a finished cluster is no longer needed; a store that is down only leaves it behind (logged). */
    private void forgetCa(UUID clusterId) {
        try {
            pki.forget(clusterId);
        } catch (RuntimeException e) {
            LOG.warn("Cluster {} stopped, but its CA could not be removed from the secret store: {}", clusterId, e.getMessage());
        }
    }

    private void markStopped(Cluster cluster, UUID instanceId, String reason) {
        instances.findById(instanceId).ifPresent(row -> {
            if (row.status() == InstanceStatus.STOPPED) {
                return;
            }
            String why = row.reason() != null && row.target() == ClusterTarget.STOPPED ? row.reason() : reason;
            instances.update(new ClusterInstance(row.id(), row.clusterId(), row.role(), row.name(), InstanceStatus.STOPPED,
                    ClusterTarget.STOPPED, row.providerInstanceId(), null, null, row.address(), why, row.createdAt(), clock.instant()));
            transitions.event(cluster.id(), "instance", row.name() + " stopped: " + why);
        });
    }

    private void onFailure(Cluster cluster, Action action, RuntimeException e) {
        if (action instanceof Action.Launch launch) {
            ClusterInstance row = instances.findById(launch.instanceId()).orElse(null);
            if (row != null && row.providerInstanceId() == null) {
                launcher.abandon(row);
                markStopped(cluster, row.id(), Reconciler.FAILED + "could not launch " + row.name() + ": " + e.getMessage());
                if (row.role() == InstanceRole.SCHEDULER) {
                    transitions.requestStop(cluster.id(), Reconciler.FAILED + "could not launch the scheduler: " + e.getMessage());
                }
            }
        } else {
            transitions.event(cluster.id(), "error", "Will retry: " + e.getMessage());
        }
    }
}
