package io.flotilla.usage;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;
import java.util.List;

/**
 * A workspace's limits (null: none), what it uses of them this month ({@code month}, UTC, {@code YYYY-MM}), the
 * warnings that follow, and whether the caller may change them.
 */
@Serdeable
public record WorkspaceLimits(@Nullable BigDecimal cpuHoursPerMonth, @Nullable BigDecimal gpuHoursPerMonth,
                              @Nullable Integer maxConcurrentCores, @Nullable Integer maxClustersPerUser,
                              boolean stopAtBudget, String month, LimitUse use, List<LimitWarning> warnings,
                              boolean canEdit) {
}
