package io.flotilla.cluster;

import io.flotilla.error.ServiceException;
import io.flotilla.identity.Caller;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * A read that waits (long polling): the cluster as soon as its state is no longer a given one, or as it is when
 * the wait is over. Clients waiting for a cluster to start learn it the moment it runs, with one request
 * instead of one a second.
 */
@Singleton
public class ClusterWait {
    /** The longest a request may wait. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(30);
    private static final int DEFAULT_WAIT_SECONDS = 10;
    private final ClusterService clusters;
    private final ClusterChangeSignal changes;

    public ClusterWait(ClusterService clusters, ClusterChangeSignal changes) {
        this.clusters = clusters;
        this.changes = changes;
    }

    /**
     * The caller's cluster {@code name} once its state is not {@code state} (a state's id, e.g. {@code starting}), or
     * as it is after {@code waitSeconds} (1 to {@link #MAX_WAIT}, default 10). Bad parameters are refused with a
     * sentence naming them.
     */
    public Cluster getOnceNotIn(Caller caller, String workspace, String name, String state, @Nullable Integer waitSeconds)
            throws InterruptedException {
        ClusterState waited = ClusterState.parse(state);
        if (waited == null) {
            throw ServiceException.invalid("waitWhileState",
                    "waitWhileState must be one of pending, starting, running, stopping, stopped, failed.");
        }
        int seconds = waitSeconds == null ? DEFAULT_WAIT_SECONDS : waitSeconds;
        if (seconds < 1 || seconds > MAX_WAIT.toSeconds()) {
            throw ServiceException.invalid("waitSeconds", "waitSeconds must be between 1 and " + MAX_WAIT.toSeconds() + ".");
        }
        return changes.lookUntil(Duration.ofSeconds(seconds), () -> clusters.get(caller, workspace, name),
                cluster -> cluster.state() != waited);
    }
}
