package io.flotilla.cluster.engine;

import io.flotilla.cluster.ClusterTransitions;
import io.flotilla.audit.MutationAudit;
import io.flotilla.audit.MutationCause;
import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.cluster.ClusterEventRepository;
import io.flotilla.cluster.ClusterInstanceRepository;
import io.flotilla.cluster.ClusterPki;
import io.flotilla.cluster.ClusterRepository;
import io.flotilla.environment.ClusterSoftwareGate;
import io.flotilla.provider.ComputeProvider;
import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.ProviderRegistry;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;

/**
 * Applies a reconcile plan: provider calls outside transactions, every row change through a short transaction
 * ({@link ClusterTransitions}, {@link InstanceTransitions}), every cloud change audited ({@link MutationAudit}).
 */
@Singleton
public class PlanExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(PlanExecutor.class);
    private final ClusterInstanceRepository instances;
    private final ClusterRepository clusters;
    private final ClusterTransitions transitions;
    private final InstanceTransitions instanceTransitions;
    private final InstanceLauncher launcher;
    private final ProviderRegistry providers;
    private final ClusterPki pki;
    private final MutationAudit mutationAudit;
    private final MutationCauses causes;
    private final ClusterSoftwareGate software;
    private final ClusterEventRepository events;

    public PlanExecutor(ClusterInstanceRepository instances, ClusterRepository clusters, ClusterTransitions transitions,
                        InstanceTransitions instanceTransitions, InstanceLauncher launcher, ProviderRegistry providers,
                        ClusterPki pki, MutationAudit mutationAudit, MutationCauses causes,
                        ClusterSoftwareGate software, ClusterEventRepository events) {
        this.instances = instances;
        this.clusters = clusters;
        this.transitions = transitions;
        this.instanceTransitions = instanceTransitions;
        this.launcher = launcher;
        this.providers = providers;
        this.pki = pki;
        this.mutationAudit = mutationAudit;
        this.causes = causes;
        this.software = software;
        this.events = events;
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
            startProvisioning(cluster);
        } else if (action instanceof Action.CreateInstance a) {
            ClusterInstance row = launcher.create(cluster, a.role());
            transitions.event(id, "instance", row.name() + " requested");
        } else if (action instanceof Action.Launch a) {
            ClusterInstance launched = launcher.launch(cluster, instances.findById(a.instanceId()).orElseThrow());
            transitions.event(id, "instance", launched.name() + " launched (" + launched.providerInstanceId() + ")");
        } else if (action instanceof Action.Checkpoint a) {
            instanceTransitions.checkpoint(a.instanceId(), a.providerInstanceId(), a.address());
        } else if (action instanceof Action.Retire a) {
            instanceTransitions.retire(a.instanceId(), a.reason());
        } else if (action instanceof Action.Terminate a) {
            ComputeProvider provider = providers.forAccount(cluster.provider(), cluster.cloudAccountId());
            mutationAudit.run(causes.stop(cluster, a.reason()), scope(provider, cluster),
                    mutations -> provider.terminate(List.of(a.providerInstanceId()), mutations));
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
            releaseResources(clusters.findById(id).orElse(cluster));
        }
    }

    /**
     * Provisioning starts once the cluster's software environment is built: while it builds the cluster stays
     * pending (one event says so); a failed build fails the cluster with the environment's name and the failure.
     */
    private void startProvisioning(Cluster cluster) {
        ClusterSoftwareGate.Status status = software.status(cluster.id());
        if (status.failed()) {
            transitions.requestStop(cluster.id(), Reconciler.FAILED + "software environment " + status.environment()
                    + " could not be built: " + status.failure());
        } else if (status.waiting()) {
            boolean told = events.findByClusterIdOrderById(cluster.id()).stream().anyMatch(e -> e.kind().equals("software-wait"));
            if (!told) {
                transitions.event(cluster.id(), "software-wait", "Waiting for software environment " + status.environment()
                        + " build (" + status.state().id() + ")");
            }
        } else {
            transitions.startProvisioning(cluster.id());
        }
    }

    /**
     * A stopped cluster's templates, security groups and fleet records go too. Failing here (e.g. EC2 still
     * sees the group in use) changes nothing: the orphan sweeper releases what is left later.
     */
    private void releaseResources(Cluster cluster) {
        try {
            ComputeProvider provider = providers.forAccount(cluster.provider(), cluster.cloudAccountId());
            if (provider.cleanup().isEmpty()) {
                return;
            }
            MutationCause cause = causes.stop(cluster, cluster.reason());
            mutationAudit.run(cause.because("cluster " + cluster.status().name().toLowerCase() + ": " + cause.reason()),
                    scope(provider, cluster), mutations -> provider.cleanup().get().releaseClusterResources(cluster.id().toString(), mutations));
        } catch (RuntimeException e) {
            LOG.info("Cluster {} stopped; its provider resources are released later by the sweeper: {}", cluster.id(),
                    e.getMessage());
        }
    }

    private static MutationAudit.Scope scope(ComputeProvider provider, Cluster cluster) {
        return new MutationAudit.Scope(provider.accountName(), cluster.workspaceId(), cluster.name());
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
        instanceTransitions.markStopped(instanceId, reason).ifPresent(row ->
                transitions.event(cluster.id(), "instance", row.name() + " stopped: " + row.reason()));
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
