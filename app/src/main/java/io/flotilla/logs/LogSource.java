package io.flotilla.logs;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstance;

import java.util.List;

/** Where the logs of one provider's clusters live (local files, CloudWatch Logs, Cloud Logging). */
public interface LogSource {
    /** The compute provider whose instances this source reads, e.g. {@code local}. */
    String providerId();

    /**
     * Reads the lines of the given instances of a cluster that match the query.
     *
     * @param instances the cluster's instance rows already narrowed to the query's role/instance
     */
    List<LogLine> read(Cluster cluster, List<ClusterInstance> instances, LogQuery query);
}
