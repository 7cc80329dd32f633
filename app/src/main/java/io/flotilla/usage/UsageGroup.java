package io.flotilla.usage;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a usage report groups by. */
public enum UsageGroup {
    USER, CLUSTER, WORKSPACE, DAY, MONTH;

    /** The name used in the API, e.g. {@code day}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The group named {@code id}; IllegalArgumentException naming the choices otherwise. */
    public static UsageGroup of(String id) {
        return Arrays.stream(values()).filter(g -> g.id().equals(id)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("by must be one of " + Arrays.stream(values()).map(UsageGroup::id)
                        .collect(Collectors.joining(", ")) + ", not '" + id + "'."));
    }
}
