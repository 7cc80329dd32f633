package io.flotilla.api.cluster;

import io.flotilla.cluster.ClusterSpecValidator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;

import java.util.Map;

/** Request bodies of the cluster routes. Unknown fields are rejected. */
public final class ClusterRequests {
    private ClusterRequests() {
    }

    @Serdeable
    @Schema(name = "CreateClusterRequest")
    public record Create(@Nullable @Size(max = 63) String name, @Nullable Integer nWorkers, @Nullable Integer workerCpu,
                         @Nullable @Schema(example = "4GiB") String workerMemory, @Nullable Integer workerThreads,
                         @Nullable String software, @Nullable Long idleTimeoutSeconds, @Nullable Long noClientTimeoutSeconds,
                         @Nullable Long maxLifetimeSeconds, @Nullable Map<String, String> environ,
                         @Nullable Map<String, String> tags,
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
    @Schema(name = "ScaleRequest")
    public record Scale(int nWorkers) {
    }

    @Serdeable
    @Schema(name = "AdaptRequest")
    public record Adapt(int minimum, int maximum) {
    }

    @Serdeable
    @Schema(name = "StopRequest")
    public record Stop(@Nullable @Size(max = 200) String reason) {
    }
}
