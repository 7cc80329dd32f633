package io.flotilla.cluster;

import io.flotilla.identity.Caller;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;

/**
 * A read that waits (long polling): the cluster as soon as its state is no longer a given one, or as it is when
 * the wait is over. Clients waiting for a cluster to start learn it the moment it runs, with one request
 * instead of one a second.
 */
@Singleton
public class ClusterWait {
    /** The longest a request may wait. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(30);
    private final ClusterService clusters;
    private final ClusterChangeSignal changes;

    public ClusterWait(ClusterService clusters, ClusterChangeSignal changes) {
        this.clusters = clusters;
        this.changes = changes;
    }

    /** The caller's cluster {@code name} once its state is not {@code state}, or after {@code wait} (at most {@link #MAX_WAIT}). */
    public Cluster getOnceNotIn(Caller caller, String workspace, String name, ClusterState state, Duration wait)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait);
        Cluster cluster = clusters.get(caller, workspace, name);
        while (cluster.state() == state) {
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative() || left.isZero()) {
                return cluster;
            }
            changes.awaitChange(left);
            cluster = clusters.get(caller, workspace, name);
        }
        return cluster;
    }
}
