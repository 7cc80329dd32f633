package io.flotilla.usage.samples;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/**
 * What one heartbeat said about a cluster's use, as stored in {@code usage_samples}.
 *
 * @param gpuUtilization   mean utilisation over the workers that reported one, in percent; null when none did
 * @param taskPrefixesJson prefix → tasks processing as a JSON object, only when the workspace collects it
 */
public record UsageSample(UUID clusterId, UUID workspaceId, Instant at, int workers, int threads, long memoryBytes,
                          int tasksProcessing, int gpuWorkers, @Nullable Double gpuUtilization,
                          @Nullable String taskPrefixesJson) {
}
