package io.flotilla.provider;

/**
 * What a provider can do beyond the required hooks.
 *
 * @param spot                     workers may run on interruptible (spot/preemptible) capacity
 * @param gpu                      instances may carry GPUs
 * @param survivesApplianceRestart instances keep running while the appliance process restarts
 */
public record ProviderCapabilities(boolean spot, boolean gpu, boolean survivesApplianceRestart) {
}
