package io.flotilla.cluster.engine;

import io.flotilla.cluster.Cluster;
import io.flotilla.provider.CloudMutations;

/**
 * Something that must exist before an instance of a cluster boots, besides what its provider creates with the
 * instance (e.g. the log group its agent ships to). The launcher calls every such bean before each launch,
 * outside any transaction; a failure is a cluster event, not a failed launch.
 */
public interface LaunchPreparation {
    /** What it prepares, the type of the cluster event when it fails, e.g. {@code logs}. */
    String topic();

    /** The event's sentence when it could not prepare for this instance, e.g. "Logs of worker-2 may not be shipped". */
    String whenFailed(String instanceName);

    /**
     * Makes sure it exists (idempotent), reporting what it creates.
     *
     * @throws io.flotilla.error.ServiceException when it cannot
     */
    void prepare(Cluster cluster, CloudMutations mutations);
}
