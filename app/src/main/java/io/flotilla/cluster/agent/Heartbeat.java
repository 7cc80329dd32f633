package io.flotilla.cluster.agent;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the scheduler plugin reports every few seconds. */
@Serdeable
@Schema(additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record Heartbeat(String schedulerAddress, @Nullable String dashboardUrl, @Nullable List<WorkerInfo> workers,
                        int nThreads, long memory, int tasksProcessing, @Nullable Instant idleSince, int nClients,
                        @Nullable Instant lastClientLeftAt, @Nullable Integer adaptiveTarget,
                        @Nullable Map<String, String> versions) {
    /** One worker as the scheduler sees it. */
    @Serdeable
    @Schema(additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record WorkerInfo(String name, String address, int nthreads, long memoryLimit, int processing) {
    }
}
