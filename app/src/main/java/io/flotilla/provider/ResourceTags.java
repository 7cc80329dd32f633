package io.flotilla.provider;

import java.util.Map;

/**
 * Tag keys every provider writes at creation. Tags are the proof of ownership: the orphan sweeper and
 * every delete act only on resources that carry this appliance's {@link #APPLIANCE} tag.
 */
public final class ResourceTags {
    /** Id of the appliance (installation) that created the resource. */
    public static final String APPLIANCE = "flotilla:appliance";
    /** Workspace name the cluster belongs to. */
    public static final String WORKSPACE = "flotilla:workspace";
    /** Cluster id (uuid). */
    public static final String CLUSTER = "flotilla:cluster";
    /** {@code scheduler} or {@code worker}. */
    public static final String ROLE = "flotilla:role";
    /** The engine's instance name, e.g. {@code worker-3}. */
    public static final String INSTANCE = "flotilla:instance";

    private ResourceTags() {
    }

    /** The value of the {@link #ROLE} tag for a role. */
    public static String roleValue(InstanceRole role) {
        return role.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** True when {@code tags} carries every entry of {@code filter} (an empty filter matches everything). */
    public static boolean matches(Map<String, String> tags, Map<String, String> filter) {
        return filter.entrySet().stream().allMatch(entry -> entry.getValue().equals(tags.get(entry.getKey())));
    }
}
