package io.flotilla.provider;

import java.util.Map;
import java.util.Set;

/**
 * An optional provider ability: it can list which clusters hold resources besides instances, so that the orphan
 * sweeper can release those of clusters the database no longer knows as live. Offered through
 * {@link ComputeProvider#leftovers()}.
 */
public interface LeftoverResources {
    /** The cluster ids ({@link ResourceTags#CLUSTER} tag values) of the resources that carry ALL the given tags. */
    Set<String> clustersWithResources(Map<String, String> tagFilter);
}
