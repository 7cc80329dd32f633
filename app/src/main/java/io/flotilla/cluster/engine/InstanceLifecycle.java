package io.flotilla.cluster.engine;

import io.flotilla.cluster.ClusterInstance;
import io.flotilla.provider.InstanceShape;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * Told when an instance starts to exist at its provider and when it stops existing, inside the transaction of the
 * row's transition (so what a listener writes commits or rolls back with it). The usage engine meters instance
 * lifetimes through it, without the engine depending on it.
 */
public interface InstanceLifecycle {
    /**
     * The provider launched the instance (its id was checkpointed for the first time).
     *
     * @param shape what the provider launched, null when it did not say (e.g. an instance adopted after a crash)
     */
    void launched(ClusterInstance row, @Nullable InstanceShape shape, Instant at);

    /** The instance is gone (its row was marked STOPPED); also called for rows that never launched. */
    void terminated(ClusterInstance row, Instant at);
}
