package io.flotilla.provider;

import io.micronaut.core.annotation.Nullable;

/**
 * An instance that a provider started (or had already started for the same idempotency key).
 *
 * @param instanceId     the provider's id, used to terminate it
 * @param instanceName   the engine's name for it
 * @param privateAddress address at which other instances of the cluster reach it
 * @param shape          what the provider launched (type, region, vCPUs, GPUs), for metering; null when it cannot
 *                       say (the engine then meters the size that was asked for)
 */
public record LaunchedInstance(String instanceId, String instanceName, String privateAddress, @Nullable InstanceShape shape) {

    /** An instance whose shape the provider does not report. */
    public LaunchedInstance(String instanceId, String instanceName, String privateAddress) {
        this(instanceId, instanceName, privateAddress, null);
    }
}
