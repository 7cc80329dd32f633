package io.flotilla.usage;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A workspace's limits and usage settings. A null limit is no limit. A workspace without a row has
 * {@link #defaults(UUID, Instant)}.
 *
 * @param cpuHoursPerMonth        vCPU-hours the workspace may use per calendar month (UTC)
 * @param gpuHoursPerMonth        GPU-hours the workspace may use per calendar month (UTC)
 * @param maxConcurrentCores      vCPUs the workspace's active clusters may hold at once
 * @param maxClustersPerUser      active clusters one member may have at once
 * @param stopAtBudget            whether running clusters are stopped (reason {@code budget reached}) once a monthly
 *                                budget is used up; otherwise they run on and only new compute is refused
 * @param idleGpuThresholdPercent a GPU worker whose utilisation stays below this is idle
 * @param idleGpuMinutes          for this long before its owner is told
 * @param webhookUrl              where notices are also POSTed (signed with the workspace's webhook secret), or null
 * @param collectTaskPrefixes     whether the scheduler plugin sends the task prefixes that are running
 */
@MappedEntity("workspace_usage_policies")
public record UsagePolicy(@Id UUID workspaceId, @Nullable BigDecimal cpuHoursPerMonth,
                          @Nullable BigDecimal gpuHoursPerMonth, @Nullable Integer maxConcurrentCores,
                          @Nullable Integer maxClustersPerUser, boolean stopAtBudget, int idleGpuThresholdPercent,
                          int idleGpuMinutes, @Nullable String webhookUrl, boolean collectTaskPrefixes,
                          Instant updatedAt, @Nullable UUID updatedBy) {
    /** Idle-GPU threshold of a workspace that did not choose one. */
    public static final int DEFAULT_IDLE_GPU_THRESHOLD_PERCENT = 10;
    /** Idle-GPU time of a workspace that did not choose one. */
    public static final int DEFAULT_IDLE_GPU_MINUTES = 30;

    /** The policy of a workspace that never set one: no limits, default settings. */
    public static UsagePolicy defaults(UUID workspaceId, Instant at) {
        return new UsagePolicy(workspaceId, null, null, null, null, false, DEFAULT_IDLE_GPU_THRESHOLD_PERCENT,
                DEFAULT_IDLE_GPU_MINUTES, null, true, at, null);
    }
}
