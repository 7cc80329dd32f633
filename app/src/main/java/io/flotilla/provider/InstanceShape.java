package io.flotilla.provider;

import io.micronaut.core.annotation.Nullable;

/**
 * What a launched instance actually is, as the provider chose it: the usage engine meters its vCPUs and GPUs over
 * its lifetime and prices its type.
 *
 * @param instanceType the provider's machine type (e.g. {@code m6i.large}, {@code e2-standard-4}); {@value #LOCAL_TYPE}
 *                     for a process on this machine
 * @param region       where it runs (e.g. {@code eu-west-1}, {@code europe-west1}); {@value #LOCAL_TYPE} on this machine
 * @param purchase     {@value #ON_DEMAND}, {@value #SPOT} or {@value #LOCAL_TYPE}
 * @param vcpus        virtual CPUs it was given
 * @param memoryBytes  memory it was given, null when unbounded (a local process without a limit)
 * @param gpus         whole GPUs it carries
 */
public record InstanceShape(String instanceType, String region, String purchase, int vcpus, @Nullable Long memoryBytes,
                            int gpus) {
    /** Purchase option of on-demand capacity. */
    public static final String ON_DEMAND = "on-demand";
    /** Purchase option of interruptible (spot, preemptible) capacity. */
    public static final String SPOT = "spot";
    /** Instance type, region and purchase option of a process on this machine. */
    public static final String LOCAL_TYPE = "local";

    public InstanceShape {
        if (vcpus < 1) {
            throw new IllegalArgumentException("an instance has at least one vCPU, not " + vcpus);
        }
        if (gpus < 0) {
            throw new IllegalArgumentException("gpus must not be negative: " + gpus);
        }
    }
}
