package io.flotilla.usage.samples;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * A cluster's activity over one minute or hour, from its heartbeat samples.
 *
 * @param start              where the bucket begins (UTC)
 * @param samples            heartbeats it holds
 * @param meanGpuUtilization mean of the samples' GPU utilisation (percent), null when no sample had GPU workers
 */
public record ActivityBucket(Instant start, int samples, double meanWorkers, int maxWorkers, double meanThreads,
                             int maxThreads, double meanMemoryBytes, long maxMemoryBytes, double meanTasksProcessing,
                             int maxTasksProcessing, double meanGpuWorkers, int maxGpuWorkers,
                             @Nullable Double meanGpuUtilization) {
}
