package io.flotilla.cluster.agent;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** The command channel back to the scheduler: how many workers, which to retire, whether to shut down. */
@Serdeable
public record HeartbeatReply(int desiredWorkers, @Nullable Adaptive adaptive, List<String> retireWorkers,
                             boolean shutdown, @Nullable String reason) {
    /** Parameters of Dask's adaptive logic, run on the scheduler. */
    @Serdeable
    public record Adaptive(int minimum, int maximum, String interval, String targetDuration, int waitCount) {
    }
}
