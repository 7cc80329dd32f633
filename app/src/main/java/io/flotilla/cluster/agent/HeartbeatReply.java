package io.flotilla.cluster.agent;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * The command channel back to the scheduler: how many workers, which to retire, whether to shut down, and which
 * optional heartbeat fields the workspace collects ({@link #TASK_PREFIXES}); the plugin sends only those.
 */
@Serdeable
public record HeartbeatReply(int desiredWorkers, @Nullable Adaptive adaptive, List<String> retireWorkers,
                             boolean shutdown, @Nullable String reason, List<String> collect) {
    /** The optional field {@link Heartbeat#taskPrefixes()}. */
    public static final String TASK_PREFIXES = "taskPrefixes";

    public HeartbeatReply {
        collect = collect == null ? List.of() : List.copyOf(collect);
    }

    /** A reply that asks for no optional field. */
    public HeartbeatReply(int desiredWorkers, @Nullable Adaptive adaptive, List<String> retireWorkers,
                          boolean shutdown, @Nullable String reason) {
        this(desiredWorkers, adaptive, retireWorkers, shutdown, reason, List.of());
    }

    /** Parameters of Dask's adaptive logic, run on the scheduler. */
    @Serdeable
    public record Adaptive(int minimum, int maximum, String interval, String targetDuration, int waitCount) {
    }
}
