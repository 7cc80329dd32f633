package io.flotilla.cluster;

/** Where a cluster's provisioning actually is (the engine's side of the status/target pair). */
public enum ClusterStatus {
    /** Accepted; nothing launched yet. */
    PENDING,
    /** Scheduler and/or workers are being launched or awaited. */
    STARTING,
    /** The scheduler answers and the workers asked for are launched. */
    RUNNING,
    /** Instances are being retired and terminated. */
    STOPPING,
    /** Every instance is gone; the reason says why. */
    STOPPED,
    /** Provisioning failed; every instance is gone; the reason says why. */
    FAILED;

    public boolean isTerminal() {
        return this == STOPPED || this == FAILED;
    }
}
