package io.flotilla.cluster.agent;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the scheduler plugin reports every few seconds.
 *
 * @param taskPrefixes an optional field: how many tasks of each task prefix (e.g. {@code sum-aggregate}) are
 *                     processing; only sent when the workspace collects it ({@link HeartbeatReply#collect()}), never
 *                     code, arguments or data
 */
@Serdeable
@Schema(additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record Heartbeat(String schedulerAddress, @Nullable String dashboardUrl, @Nullable List<WorkerInfo> workers,
                        int nThreads, long memory, int tasksProcessing, @Nullable Instant idleSince, int nClients,
                        @Nullable Instant lastClientLeftAt, @Nullable Integer adaptiveTarget,
                        @Nullable Map<String, String> versions, @Nullable Map<String, Integer> taskPrefixes) {

    /** A heartbeat without optional fields. */
    public Heartbeat(String schedulerAddress, @Nullable String dashboardUrl, @Nullable List<WorkerInfo> workers,
                     int nThreads, long memory, int tasksProcessing, @Nullable Instant idleSince, int nClients,
                     @Nullable Instant lastClientLeftAt, @Nullable Integer adaptiveTarget,
                     @Nullable Map<String, String> versions) {
        this(schedulerAddress, dashboardUrl, workers, nThreads, memory, tasksProcessing, idleSince, nClients,
                lastClientLeftAt, adaptiveTarget, versions, null);
    }

    /**
     * One worker as the scheduler sees it.
     *
     * @param gpus           NVIDIA GPUs the worker's process sees (NVML), null when it has none or cannot tell
     * @param gpuUtilization mean utilisation of those GPUs over the last interval, in percent (0–100); null without GPUs
     */
    @Serdeable
    @Schema(additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record WorkerInfo(String name, String address, int nthreads, long memoryLimit, int processing,
                             @Nullable Integer gpus, @Nullable Double gpuUtilization) {

        /** A worker without GPUs. */
        public WorkerInfo(String name, String address, int nthreads, long memoryLimit, int processing) {
            this(name, address, nthreads, memoryLimit, processing, null, null);
        }
    }
}
