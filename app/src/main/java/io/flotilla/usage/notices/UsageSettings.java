package io.flotilla.usage.notices;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * A workspace's usage settings as shown to its members.
 *
 * @param webhookUrl       where notices are POSTed, or null
 * @param collected        what the scheduler plugin reports for this workspace's clusters, in words
 * @param webhookSecret    the new webhook secret, only in the answer that created it (shown once), else null
 */
public record UsageSettings(String workspace, int idleGpuThresholdPercent, int idleGpuMinutes, @Nullable String webhookUrl,
                            boolean collectTaskPrefixes, List<String> collected, @Nullable String webhookSecret) {
    /** What the plugin always reports. */
    public static final List<String> ALWAYS_COLLECTED = List.of("workers", "threads", "memory", "tasks processing",
            "GPU utilisation");
    /** What it reports when {@code collectTaskPrefixes} is on. */
    public static final String TASK_PREFIXES = "task prefixes (names of the kinds of tasks running, never code or data)";

    /** What is collected with that switch. */
    public static List<String> collected(boolean collectTaskPrefixes) {
        if (!collectTaskPrefixes) {
            return ALWAYS_COLLECTED;
        }
        var all = new java.util.ArrayList<>(ALWAYS_COLLECTED);
        all.add(TASK_PREFIXES);
        return List.copyOf(all);
    }
}
