package io.flotilla.cluster;

import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * What a user asked for, normalised and validated ({@link ClusterSpecValidator}); stored with the
 * cluster as JSON and shown back as its options. {@code spotPolicy} is how workers are bought
 * ({@code on-demand}, {@code spot}, {@code spot_with_fallback}; the scheduler is always on-demand), or null
 * for the appliance's default; providers without purchase options ignore it. {@code workerGpu} is the number of
 * GPUs each worker has (null: none); {@code arm} puts workers on ARM (arm64) instead of x86_64 processors. Specs
 * stored before a field existed read it as null (false for {@code arm}).
 */
@Serdeable
public record ClusterSpec(int nWorkers, @Nullable Integer workerCpu, @Nullable Long workerMemoryBytes,
                          @Nullable Integer workerThreads, @Nullable String software,
                          long idleTimeoutSeconds, long noClientTimeoutSeconds, @Nullable Long maxLifetimeSeconds,
                          Map<String, String> environ, Map<String, String> tags, @Nullable String spotPolicy,
                          @Nullable Integer workerGpu, boolean arm) {
    @Creator
    public ClusterSpec {
        environ = environ == null ? Map.of() : Map.copyOf(environ);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** A spec of x86_64 workers without GPUs. */
    public ClusterSpec(int nWorkers, @Nullable Integer workerCpu, @Nullable Long workerMemoryBytes,
                       @Nullable Integer workerThreads, @Nullable String software,
                       long idleTimeoutSeconds, long noClientTimeoutSeconds, @Nullable Long maxLifetimeSeconds,
                       Map<String, String> environ, Map<String, String> tags, @Nullable String spotPolicy) {
        this(nWorkers, workerCpu, workerMemoryBytes, workerThreads, software, idleTimeoutSeconds, noClientTimeoutSeconds,
                maxLifetimeSeconds, environ, tags, spotPolicy, null, false);
    }

    /** GPUs per worker, 0 when none were asked for. */
    public int workerGpuCount() {
        return workerGpu == null ? 0 : workerGpu;
    }
}
