package io.flotilla.provider;

/**
 * What a provider can do beyond the required hooks.
 *
 * @param spot                     workers may run on interruptible (spot/preemptible) capacity
 * @param gpu                      instances may carry GPUs
 * @param survivesApplianceRestart instances keep running while the appliance process restarts
 * @param dedicatedHosts           each instance has its own network address (a VM), so the scheduler listens on
 *                                 Dask's standard ports, which the cluster's firewall rules open; otherwise
 *                                 instances share a host and take free ports
 */
public record ProviderCapabilities(boolean spot, boolean gpu, boolean survivesApplianceRestart, boolean dedicatedHosts) {
    /** Dask's standard scheduler port. */
    public static final int SCHEDULER_PORT = 8786;
    /** Dask's standard dashboard port. */
    public static final int DASHBOARD_PORT = 8787;
}
