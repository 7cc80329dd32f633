package io.flotilla.logs;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.provider.CloudMutations;

import java.util.List;
import java.util.Optional;

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

    /**
     * Creates where the cluster's instances will ship their logs (a log group), before an instance is
     * launched and outside any transaction; a no-op for sources that need nothing. Reports what it creates in
     * the cloud.
     *
     * @throws io.flotilla.error.ServiceException when the destination cannot be prepared
     */
    default void prepare(Cluster cluster, CloudMutations mutations) {
    }

    /**
     * Where the agent of a booting instance ships its logs, handed to it in the bootstrap response; empty
     * when the provider collects them itself (local files). Called inside the bootstrap transaction, so it
     * should not call the cloud unless {@link #prepare} could not do its job (and then reports what it creates).
     *
     * @throws io.flotilla.error.ServiceException when the destination cannot be prepared
     */
    default Optional<AgentLogSettings> agentSettings(Cluster cluster, ClusterInstance instance, CloudMutations mutations) {
        return Optional.empty();
    }

    /** {@link #agentSettings(Cluster, ClusterInstance, CloudMutations)} without a record (tests of a source alone). */
    default Optional<AgentLogSettings> agentSettings(Cluster cluster, ClusterInstance instance) {
        return agentSettings(cluster, instance, CloudMutations.UNRECORDED);
    }

    /** A link to the cluster's logs in the cloud provider's own console, or empty. */
    default Optional<String> consoleUrl(Cluster cluster) {
        return Optional.empty();
    }
}
