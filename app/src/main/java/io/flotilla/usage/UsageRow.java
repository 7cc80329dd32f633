package io.flotilla.usage;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Metered usage of one group: {@code key} is the group's value (a user name, a cluster name, the workspace, a day
 * {@code YYYY-MM-DD} or a month {@code YYYY-MM}); the matching one of user/cluster/day/month is set too.
 */
@Serdeable
public record UsageRow(String key, @Nullable String user, @Nullable String cluster, @Nullable String day,
                       @Nullable String month, double vcpuHours, double gpuHours, double instanceHours,
                       double estimatedCost) {
}
