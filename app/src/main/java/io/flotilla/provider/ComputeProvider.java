package io.flotilla.provider;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hooks a cloud (or this machine) offers to the cluster engine. Providers never touch the database: each hook
 * that changes the cloud or the machine reports every change to the {@link CloudMutations} it is given, and the
 * engine audits them.
 */
public interface ComputeProvider {
    /** Registry id: "local", "aws", "gcp". */
    String id();

    /** The cloud account this provider's calls go to, as the audit log names it (default: the provider id, e.g. {@code local}). */
    default String accountName() {
        return id();
    }

    ProviderCapabilities capabilities();

    /**
     * Starts one instance that runs the bootstrap agent. Idempotent: a second call with the same
     * request.idempotencyKey() returns the instance already started instead of starting another (and reports
     * nothing). Reports what it creates (instance or process, and e.g. security group, launch template, fleet),
     * also when it fails part way.
     */
    LaunchedInstance launch(LaunchRequest request, CloudMutations mutations);

    /** {@link #launch(LaunchRequest, CloudMutations)} without a record of the mutations (tests of a provider alone). */
    default LaunchedInstance launch(LaunchRequest request) {
        return launch(request, CloudMutations.UNRECORDED);
    }

    /**
     * Terminates the instances (idempotent; unknown ids are ignored). Graceful first, then forced after the grace.
     * Reports what it terminates or signals, and what it releases with them.
     */
    void terminate(Collection<String> instanceIds, CloudMutations mutations);

    /** {@link #terminate(Collection, CloudMutations)} without a record of the mutations (tests of a provider alone). */
    default void terminate(Collection<String> instanceIds) {
        terminate(instanceIds, CloudMutations.UNRECORDED);
    }

    /** Observes every instance that carries ALL the given tags (e.g. appliance id, or appliance + cluster). */
    List<ObservedInstance> list(Map<String, String> tagFilter);

    /**
     * Releases what a cluster holds besides its instances (e.g. launch templates, security groups, fleet
     * records), as far as no live instance of the cluster still needs it; what is still in use (or cannot be
     * deleted yet) is left for a later call. Acts only on resources carrying this appliance's
     * {@link ResourceTags#APPLIANCE} tag. Idempotent; reports what it deletes. Default: the provider holds
     * nothing besides instances.
     */
    default void releaseClusterResources(String clusterId, CloudMutations mutations) {
    }

    /** {@link #releaseClusterResources(String, CloudMutations)} without a record (tests of a provider alone). */
    default void releaseClusterResources(String clusterId) {
        releaseClusterResources(clusterId, CloudMutations.UNRECORDED);
    }

    /**
     * The cluster ids ({@link ResourceTags#CLUSTER} tag values) of the resources besides instances that carry
     * ALL the given tags (e.g. this appliance's), so that the orphan sweeper can release those of clusters
     * the database no longer knows as live. Default: none.
     */
    default Set<String> clustersWithResources(Map<String, String> tagFilter) {
        return Set.of();
    }
}
