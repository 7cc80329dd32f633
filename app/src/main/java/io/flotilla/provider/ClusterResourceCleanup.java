package io.flotilla.provider;

/**
 * An optional provider ability: it holds per-cluster resources besides instances (launch templates, security
 * groups, firewall rules, fleet records) and releases them when the cluster no longer needs them. Offered through
 * {@link ComputeProvider#cleanup()}.
 */
public interface ClusterResourceCleanup {
    /**
     * Releases what a cluster holds besides its instances, as far as no live instance of the cluster still needs
     * it; what is still in use (or cannot be deleted yet) is left for a later call. Acts only on resources carrying
     * this appliance's {@link ResourceTags#APPLIANCE} tag. Idempotent; reports what it deletes.
     */
    void releaseClusterResources(String clusterId, CloudMutations mutations);

    /** {@link #releaseClusterResources(String, CloudMutations)} without a record (tests of a provider alone). */
    default void releaseClusterResources(String clusterId) {
        releaseClusterResources(clusterId, CloudMutations.UNRECORDED);
    }
}
