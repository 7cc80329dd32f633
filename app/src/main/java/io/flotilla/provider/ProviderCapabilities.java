package io.flotilla.provider;

import io.micronaut.core.annotation.Nullable;

/**
 * What a provider can do beyond the required hooks.
 *
 * @param spot                     workers may run on interruptible (spot/preemptible) capacity
 * @param gpu                      instances may carry GPUs
 * @param survivesApplianceRestart instances keep running while the appliance process restarts
 * @param dedicatedHosts           each instance has its own network address (a VM), so the scheduler listens on
 *                                 Dask's standard ports, which the cluster's firewall rules open; otherwise
 *                                 instances share a host and take free ports
 * @param preemptionNotice         how a worker's agent learns that the cloud is about to take its interruptible
 *                                 instance away (e.g. {@value #GCE_METADATA}: the metadata server's
 *                                 {@code instance/preempted}), so that it retires gracefully; null: no notice
 */
public record ProviderCapabilities(boolean spot, boolean gpu, boolean survivesApplianceRestart, boolean dedicatedHosts,
                                   @Nullable String preemptionNotice) {
    /** Compute Engine's notice: {@code instance/preempted} of the metadata server turns TRUE about 30 s before. */
    public static final String GCE_METADATA = "gce_metadata";

    /** Capabilities without a preemption notice. */
    public ProviderCapabilities(boolean spot, boolean gpu, boolean survivesApplianceRestart, boolean dedicatedHosts) {
        this(spot, gpu, survivesApplianceRestart, dedicatedHosts, null);
    }

    /** Dask's standard scheduler port. */
    public static final int SCHEDULER_PORT = 8786;
    /** Dask's standard dashboard port. */
    public static final int DASHBOARD_PORT = 8787;
}
