package io.flotilla.provider;

import io.micronaut.core.annotation.Nullable;

/**
 * Sizing hints for an instance; a provider picks the closest machine type. Null means "provider default".
 *
 * @param cpu         virtual CPUs
 * @param memoryBytes memory in bytes
 */
public record InstanceSize(@Nullable Integer cpu, @Nullable Long memoryBytes) {
}
