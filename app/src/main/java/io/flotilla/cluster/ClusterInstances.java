package io.flotilla.cluster;

import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The instances of clusters a caller already holds (from {@link ClusterService#get} or {@link ClusterService#list},
 * which checked access), for views: the rows and the live worker counts.
 */
@Singleton
public class ClusterInstances {
    private final ClusterInstanceRepository instances;

    public ClusterInstances(ClusterInstanceRepository instances) {
        this.instances = instances;
    }

    /** The cluster's instances, oldest first. */
    @Transactional(readOnly = true)
    public List<ClusterInstance> of(Cluster cluster) {
        return instances.findByClusterIdOrderByCreatedAt(cluster.id());
    }

    /** How many live workers each of the clusters has (absent: none). */
    @Transactional(readOnly = true)
    public Map<UUID, Long> liveWorkers(Collection<UUID> clusterIds) {
        return clusterIds.isEmpty() ? Map.of() : instances.countLiveWorkers(clusterIds).stream()
                .collect(Collectors.toMap(ClusterInstanceRepository.LiveWorkers::clusterId, ClusterInstanceRepository.LiveWorkers::workers));
    }
}
