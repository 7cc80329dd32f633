package io.flotilla.provider;

import io.micronaut.core.annotation.Nullable;

/**
 * Sizing hints for an instance; a provider picks the closest machine type. Null means "provider default".
 *
 * @param cpu         virtual CPUs
 * @param memoryBytes memory in bytes
 * @param gpu         GPUs (whole NVIDIA GPUs); null or 0: none. Only providers whose
 *                    {@link ProviderCapabilities#gpu()} is true can honour it; the cluster service refuses it for others
 * @param arm         whether the instance runs on ARM (arm64) processors rather than x86_64; providers that
 *                    cannot choose the architecture ignore it
 */
public record InstanceSize(@Nullable Integer cpu, @Nullable Long memoryBytes, @Nullable Integer gpu, boolean arm) {

    /** A size without GPUs on x86_64. */
    public InstanceSize(@Nullable Integer cpu, @Nullable Long memoryBytes) {
        this(cpu, memoryBytes, null, false);
    }

    /** The asked GPUs, 0 when none. */
    public int gpuCount() {
        return gpu == null ? 0 : gpu;
    }
}
