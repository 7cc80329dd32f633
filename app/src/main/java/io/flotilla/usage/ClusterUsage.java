package io.flotilla.usage;

import io.micronaut.serde.annotation.Serdeable;

/**
 * A cluster's metered usage so far: it grows while instances run and is {@code complete} (final) once the cluster
 * stopped and every instance is terminated.
 *
 * @param runningVcpus vCPUs of the cluster's instances running now
 */
@Serdeable
public record ClusterUsage(double vcpuHours, double gpuHours, double estimatedCost, String currency, String costLabel,
                           int runningVcpus, boolean complete) {
}
