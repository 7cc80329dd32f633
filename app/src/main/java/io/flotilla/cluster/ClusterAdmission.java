package io.flotilla.cluster;

import java.util.List;
import java.util.UUID;

/**
 * Decides whether a workspace may have more compute: a new cluster, a scale-up, an adaptive scheduler's growth. Runs
 * inside the transaction that writes the change, so an implementation that locks (e.g. the workspace's row) makes
 * concurrent requests — also from other replicas — pass one after the other. The usage engine's limits implement it,
 * without the engine depending on them.
 */
public interface ClusterAdmission {
    /**
     * Refuses a new cluster that would pass a limit (a {@link io.flotilla.error.ServiceException} naming the limit, its
     * value and the current use); else the warnings the owner should see (a limit at 80 % or more).
     */
    List<String> admitNew(UUID workspaceId, UUID ownerId, String provider, ClusterSpec spec);

    /** Refuses growing the cluster to {@code workers} workers when that passes a limit; else the warnings. */
    List<String> admitScale(Cluster cluster, int workers);

    /** The largest worker count up to {@code wanted} (at least the current one) that the limits allow the cluster. */
    int allowedWorkers(Cluster cluster, int wanted);
}
