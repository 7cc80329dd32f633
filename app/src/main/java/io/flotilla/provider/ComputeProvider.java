package io.flotilla.provider;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Hooks a cloud (or this machine) offers to the cluster engine. Providers never touch the database. */
public interface ComputeProvider {
    /** Registry id: "local", "aws", "gcp". */
    String id();

    ProviderCapabilities capabilities();

    /**
     * Starts one instance that runs the bootstrap agent. Idempotent: a second call with the same
     * request.idempotencyKey() returns the instance already started instead of starting another.
     */
    LaunchedInstance launch(LaunchRequest request);

    /** Terminates the instances (idempotent; unknown ids are ignored). Graceful first, then forced after the grace. */
    void terminate(Collection<String> instanceIds);

    /** Observes every instance that carries ALL the given tags (e.g. appliance id, or appliance + cluster). */
    List<ObservedInstance> list(Map<String, String> tagFilter);

    /**
     * Releases what a cluster holds besides its instances (e.g. launch templates, security groups, fleet
     * records), as far as no live instance of the cluster still needs it; what is still in use (or cannot be
     * deleted yet) is left for a later call. Acts only on resources carrying this appliance's
     * {@link ResourceTags#APPLIANCE} tag. Idempotent. Default: the provider holds nothing besides instances.
     */
    default void releaseClusterResources(String clusterId) {
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
