package io.flotilla.cluster.engine;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.provider.ObservedInstance;

import java.time.Instant;
import java.util.List;

/** Everything the reconciler looks at for one cluster: desired (rows) and observed (provider, by tag), at a time. */
public record ClusterSnapshot(Cluster cluster, List<ClusterInstance> instances, List<ObservedInstance> observed, Instant now) {
}
