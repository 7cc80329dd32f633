package io.flotilla.usage;

import io.micronaut.serde.annotation.Serdeable;

/** The sums over every group of a report (not only the page). */
@Serdeable
public record UsageTotals(double vcpuHours, double gpuHours, double instanceHours, double estimatedCost) {
}
