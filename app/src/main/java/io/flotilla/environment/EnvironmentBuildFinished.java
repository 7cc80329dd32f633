package io.flotilla.environment;

import java.util.List;
import java.util.UUID;

/**
 * Published when a build's outcome is recorded, naming the active clusters that wait for its environment, so
 * that the cluster engine looks at them now instead of at its next tick.
 */
public record EnvironmentBuildFinished(UUID buildId, List<UUID> waitingClusterIds) {
    public EnvironmentBuildFinished {
        waitingClusterIds = List.copyOf(waitingClusterIds);
    }
}
