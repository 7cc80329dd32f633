package io.flotilla.cluster;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * What a user asked for, normalised and validated ({@link ClusterSpecValidator}); stored with the
 * cluster as JSON and shown back as its options.
 */
@Serdeable
public record ClusterSpec(int nWorkers, @Nullable Integer workerCpu, @Nullable Long workerMemoryBytes,
                          @Nullable Integer workerThreads, @Nullable String software,
                          long idleTimeoutSeconds, long noClientTimeoutSeconds, @Nullable Long maxLifetimeSeconds,
                          Map<String, String> environ, Map<String, String> tags) {
    public ClusterSpec {
        environ = environ == null ? Map.of() : Map.copyOf(environ);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
