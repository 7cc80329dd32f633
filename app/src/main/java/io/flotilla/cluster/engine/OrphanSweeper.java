package io.flotilla.cluster.engine;

import io.flotilla.audit.MutationAudit;
import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstanceRepository;
import io.flotilla.cluster.ClusterRepository;
import io.flotilla.cluster.ClusterSettings;
import io.flotilla.cluster.InstanceStatus;
import io.flotilla.identity.Workspace;
import io.flotilla.identity.WorkspaceRepository;
import io.flotilla.provider.ApplianceId;
import io.flotilla.provider.ComputeProvider;
import io.flotilla.provider.InstanceState;
import io.flotilla.provider.ObservedInstance;
import io.flotilla.provider.ProviderRegistry;
import io.flotilla.provider.ResourceTags;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Terminates instances that carry this appliance's tags but that the database does not know as live
 * (no row, or a row already stopped), once they are older than the grace period, then releases the other
 * resources (templates, security groups, fleet records) of clusters the database does not know as live, e.g.
 * left by a crash between terminating and deleting. Untagged or foreign-tagged resources are never listed,
 * so never touched. Every change is audited as the system's, cause {@value MutationCauses#ORPHAN_SWEEP}, with the
 * provider's account and the cluster (its name when the database still knows it, else its id).
 */
@Singleton
public class OrphanSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanSweeper.class);
    private final ProviderRegistry providers;
    private final ClusterInstanceRepository instances;
    private final ClusterRepository clusters;
    private final ApplianceId applianceId;
    private final ClusterSettings settings;
    private final WorkspaceRepository workspaces;
    private final MutationAudit mutationAudit;
    private final Clock clock;

    public OrphanSweeper(ProviderRegistry providers, ClusterInstanceRepository instances, ClusterRepository clusters,
                         ApplianceId applianceId, ClusterSettings settings, WorkspaceRepository workspaces,
                         MutationAudit mutationAudit, Clock clock) {
        this.providers = providers;
        this.instances = instances;
        this.clusters = clusters;
        this.applianceId = applianceId;
        this.settings = settings;
        this.workspaces = workspaces;
        this.mutationAudit = mutationAudit;
        this.clock = clock;
    }

    /** Returns the provider ids of the instances it terminated. */
    public List<String> sweep() {
        Instant cutoff = clock.instant().minus(settings.getOrphanGrace());
        List<String> swept = new java.util.ArrayList<>();
        for (ComputeProvider provider : providers.everyProvider()) {
            String id = provider.id();
            for (ObservedInstance seen : provider.list(Map.of(ResourceTags.APPLIANCE, applianceId.value()))) {
                if (seen.state() == InstanceState.TERMINATED || seen.launchedAt().isAfter(cutoff) || isKnown(seen)) {
                    continue;
                }
                LOG.warn("Sweeping orphan instance {} ({}) of provider {}: tagged by this appliance, unknown to the database",
                        seen.instanceId(), seen.instanceName(), id);
                mutationAudit.run(MutationCauses.sweep(), scope(provider, seen.tags().get(ResourceTags.CLUSTER),
                        seen.tags().get(ResourceTags.WORKSPACE)), mutations -> provider.terminate(List.of(seen.instanceId()), mutations));
                swept.add(seen.instanceId());
            }
        }
        releaseLeftovers();
        return swept;
    }

    /**
     * Releases the provider resources of every cluster that has some but is not live in the database (no row,
     * or stopped or failed). A provider keeps what a live instance still uses. Returns the cluster ids asked.
     */
    public List<String> releaseLeftovers() {
        List<String> released = new java.util.ArrayList<>();
        for (ComputeProvider provider : providers.everyProvider()) {
            String id = provider.id();
            var cleanup = provider.cleanup();
            var leftovers = provider.leftovers();
            if (cleanup.isEmpty() || leftovers.isEmpty()) {
                continue;
            }
            try {
                for (String cluster : leftovers.get().clustersWithResources(Map.of(ResourceTags.APPLIANCE, applianceId.value()))) {
                    if (clusterIsLive(cluster)) {
                        continue;
                    }
                    try {
                        mutationAudit.run(MutationCauses.sweep(), scope(provider, cluster, null),
                                mutations -> cleanup.get().releaseClusterResources(cluster, mutations));
                        released.add(cluster);
                    } catch (RuntimeException e) {
                        LOG.info("Provider {}: resources of cluster {} not released yet: {}", id, cluster, e.getMessage());
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("Provider {}: could not list leftover cluster resources: {}", id, e.getMessage());
            }
        }
        return released;
    }

    /** Where the sweep's entries belong: the cluster's workspace and name if the database knows it, else its tags. */
    private MutationAudit.Scope scope(ComputeProvider provider, String clusterId, String workspaceTag) {
        Cluster known = null;
        try {
            known = clusterId == null ? null : clusters.findById(UUID.fromString(clusterId)).orElse(null);
        } catch (IllegalArgumentException malformed) {
            // a foreign or damaged tag value: named as it is
        }
        if (known != null) {
            return new MutationAudit.Scope(provider.accountName(), known.workspaceId(), known.name());
        }
        UUID workspaceId = workspaceTag == null ? null : workspaces.findByName(workspaceTag).map(Workspace::id).orElse(null);
        return new MutationAudit.Scope(provider.accountName(), workspaceId, clusterId);
    }

    private boolean clusterIsLive(String clusterId) {
        try {
            return clusters.findById(UUID.fromString(clusterId)).map(c -> !c.status().isTerminal()).orElse(false);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private boolean isKnown(ObservedInstance seen) {
        String rowId = seen.tags().get(ResourceTags.INSTANCE);
        String clusterId = seen.tags().get(ResourceTags.CLUSTER);
        try {
            if (rowId != null) {
                return instances.findById(UUID.fromString(rowId)).map(r -> r.status() != InstanceStatus.STOPPED).orElse(false);
            }
            return clusterId != null && clusters.findById(UUID.fromString(clusterId)).map(c -> !c.status().isTerminal()).orElse(false);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }
}
