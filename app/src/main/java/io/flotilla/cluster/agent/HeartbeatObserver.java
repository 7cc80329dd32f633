package io.flotilla.cluster.agent;

import io.flotilla.cluster.Cluster;

import java.time.Instant;
import java.util.List;

/**
 * Sees every accepted heartbeat of a running cluster, inside the heartbeat's transaction (keep it cheap: thousands
 * arrive per second; buffer rather than write). The usage engine's samples, idle-GPU notices and analytics switches
 * observe through it, without the engine depending on them.
 */
public interface HeartbeatObserver {
    /**
     * @param cluster the cluster as updated by this heartbeat
     * @return the optional heartbeat fields this observer wants the plugin to send ({@link HeartbeatReply#collect()})
     */
    List<String> observed(Cluster cluster, Heartbeat beat, Instant at);
}
