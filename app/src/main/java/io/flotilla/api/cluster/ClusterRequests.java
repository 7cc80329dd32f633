package io.flotilla.api.cluster;

import io.flotilla.cluster.AdaptiveTiming;
import io.flotilla.cluster.ClusterSpecValidator;
import io.flotilla.identity.Names;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.Map;

/** Request bodies of the cluster routes. Unknown fields are rejected. */
public final class ClusterRequests {
    private static final String WORKERS = "Workers, 0 to the appliance's flotilla.clusters.max-workers (1000 unless changed)";

    private ClusterRequests() {
    }

    @Serdeable
    @Schema(name = "CreateClusterRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record Create(@Nullable @Size(max = 63) @Schema(pattern = Names.PATTERN) String name,
                         @Nullable @Schema(description = WORKERS, minimum = "0", maximum = "1000") Integer nWorkers,
                         @Nullable @Schema(minimum = "1", maximum = "448") Integer workerCpu,
                         @Nullable @Schema(example = "4GiB", description = "64MB to 24TB", pattern = ClusterSpecValidator.MEMORY_PATTERN) String workerMemory,
                         @Nullable @Schema(minimum = "1", maximum = "512") Integer workerThreads,
                         @Nullable @Schema(minLength = 1, maxLength = 255, pattern = ClusterSpecValidator.SOFTWARE_PATTERN) String software,
                         @Nullable @Schema(minimum = "1", maximum = ClusterSpecValidator.MAX_TIMEOUT) Long idleTimeoutSeconds,
                         @Nullable @Schema(minimum = "1", maximum = ClusterSpecValidator.MAX_TIMEOUT) Long noClientTimeoutSeconds,
                         @Nullable @Schema(minimum = "1", maximum = ClusterSpecValidator.MAX_TIMEOUT) Long maxLifetimeSeconds,
                         @Nullable @Schema(description = "Environment variables (names: letters, digits, _), at most 64",
                                 maxProperties = 64) Map<String, String> environ,
                         @Nullable @Schema(maxProperties = 64) Map<String, String> tags,
                         @Nullable @Schema(description = "How workers are bought: on-demand, spot or spot_with_fallback;"
                                 + " the scheduler is always on-demand. Left out: the appliance's default.",
                                 allowableValues = {"on-demand", "spot", "spot_with_fallback"}) String spotPolicy,
                         @Nullable @Schema(description = "GPUs (whole NVIDIA GPUs) per worker, 0 to 16; left out or 0: none."
                                 + " Only providers that offer GPUs (aws) accept more than 0.",
                                 minimum = "0", maximum = "16") Integer workerGpu,
                         @Nullable @Schema(description = "Run workers on ARM (arm64, e.g. AWS Graviton) processors instead"
                                 + " of x86_64. Left out: false. Providers that cannot choose ignore it.") Boolean arm) {
        public ClusterSpecValidator.Options options() {
            return new ClusterSpecValidator.Options(nWorkers, workerCpu, workerMemory, workerThreads, software,
                    idleTimeoutSeconds, noClientTimeoutSeconds, maxLifetimeSeconds, environ, tags, spotPolicy, workerGpu, arm);
        }
    }

    @Serdeable
    @Schema(name = "ScaleRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record Scale(@NotNull @Schema(description = WORKERS, minimum = "0", maximum = "1000") Integer nWorkers) {
    }

    @Serdeable
    @Schema(name = "AdaptRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record Adapt(@NotNull @Schema(description = WORKERS, minimum = "0", maximum = "1000") Integer minimum,
                        @NotNull @Schema(description = WORKERS + "; at least minimum", minimum = "0", maximum = "1000") Integer maximum,
                        @Nullable @Schema(description = "Seconds between two decisions of the adaptive logic on the scheduler;"
                                + " left out: the cluster's current value (1 unless set)",
                                minimum = AdaptiveTiming.MIN_INTERVAL, maximum = AdaptiveTiming.MAX_INTERVAL) Double intervalSeconds,
                        @Nullable @Schema(description = "Seconds the queued work should take with the workers asked for"
                                + " (shorter: more workers sooner); left out: the current value (5 unless set)",
                                minimum = AdaptiveTiming.MIN_TARGET, maximum = AdaptiveTiming.MAX_TARGET) Double targetDurationSeconds,
                        @Nullable @Schema(description = "Consecutive decisions asking for fewer workers before any is removed;"
                                + " left out: the current value (3 unless set)", minimum = "1", maximum = "1000") Integer waitCount) {
    }

    @Serdeable
    @Schema(name = "StopRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record Stop(@Nullable @Size(max = 200) String reason) {
    }
}
