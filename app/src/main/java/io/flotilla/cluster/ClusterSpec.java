package io.flotilla.cluster;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * What a user asked for, normalised and validated ({@link ClusterSpecValidator}); stored with the
 * cluster as JSON and shown back as its options. {@code spotPolicy} is how workers are bought
 * ({@code on-demand}, {@code spot}, {@code spot_with_fallback}; the scheduler is always on-demand), or null
 * for the appliance's default; providers without purchase options ignore it.
 */
@Serdeable
public record ClusterSpec(int nWorkers, @Nullable Integer workerCpu, @Nullable Long workerMemoryBytes,
                          @Nullable Integer workerThreads, @Nullable String software,
                          long idleTimeoutSeconds, long noClientTimeoutSeconds, @Nullable Long maxLifetimeSeconds,
                          Map<String, String> environ, Map<String, String> tags, @Nullable String spotPolicy) {
    public ClusterSpec {
        environ = environ == null ? Map.of() : Map.copyOf(environ);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
