package io.flotilla.cluster;

/** Lifecycle of one instance (VM or local process) of a cluster. */
public enum InstanceStatus {
    /** Row written, bootstrap token issued; the provider has not confirmed a launch yet. */
    LAUNCHING,
    /** The provider launched it (its id is checkpointed); the agent may still be booting. */
    LAUNCHED,
    /** Its Dask process reported in (scheduler heartbeat, or worker seen by the scheduler). */
    READY,
    /** Asked to retire/terminate. */
    STOPPING,
    /** Gone. */
    STOPPED;

    public boolean isLive() {
        return this != STOPPED;
    }
}
