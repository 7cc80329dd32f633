package io.flotilla.usage;

import io.micronaut.serde.annotation.Serdeable;

/**
 * What a workspace uses of its limits now.
 *
 * @param concurrentCores    vCPUs its active clusters hold or are about to (see {@link Limits})
 * @param yourActiveClusters active clusters of the caller in the workspace
 */
@Serdeable
public record LimitUse(double cpuHoursThisMonth, double gpuHoursThisMonth, int concurrentCores, int yourActiveClusters) {
}
