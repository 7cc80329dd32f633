package io.flotilla.cluster;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** Limits, defaults and timeouts of the cluster engine ({@code flotilla.clusters.*}). */
@ConfigurationProperties("flotilla.clusters")
public class ClusterSettings {
    /** Most workers one cluster may have. Env: FLOTILLA_CLUSTERS_MAX_WORKERS. */
    private int maxWorkers = 1000;
    /** Default idle timeout: no task processing for this long stops the cluster (reason {@code idle}). */
    private Duration idleTimeout = Duration.ofMinutes(20);
    /** Default: no client connected for this long after the last one left (or since ready) stops it ({@code no client}). */
    private Duration noClientTimeout = Duration.ofMinutes(2);
    /** How long the scheduler may take from launch to its first heartbeat before the cluster fails. */
    private Duration schedulerStartTimeout = Duration.ofMinutes(3);
    /** How long a worker may take from launch to joining the scheduler before it is replaced. */
    private Duration workerStartTimeout = Duration.ofMinutes(5);
    /** No heartbeat for this long from a running cluster stops it ({@code heartbeat lost}). */
    private Duration heartbeatTimeout = Duration.ofMinutes(2);
    /** How often the scheduler plugin reports. */
    private Duration heartbeatInterval = Duration.ofSeconds(5);
    /**
     * The dead man's switch: a scheduler none of whose heartbeats was answered for this long, and with no client
     * connected, retires its workers and its instances stop themselves (0: never). Env: FLOTILLA_CLUSTERS_ORPHAN_SELF_STOP.
     */
    private Duration orphanSelfStop = Duration.ofHours(1);
    /** Lifetime of an instance's one-time bootstrap token. */
    private Duration bootstrapTokenTtl = Duration.ofMinutes(10);
    /** How long a worker's bootstrap request is held while its scheduler has not reported, before a 503 (0: answer at once). */
    private Duration bootstrapWait = Duration.ofSeconds(10);
    /** How long a retiring worker or a stopping cluster gets to shut down gracefully before termination. */
    private Duration stopGrace = Duration.ofSeconds(20);
    /** How long an instance carrying this appliance's tags but unknown to the database lives before it is swept. */
    private Duration orphanGrace = Duration.ofMinutes(2);
    /** Worker failures (died or never joined) after which a cluster is failed instead of repaired. */
    private int maxWorkerFailures = 3;
    /** How often the reconciler runs. */
    private Duration reconcileInterval = Duration.ofSeconds(1);

    public int getMaxWorkers() { return maxWorkers; }
    public void setMaxWorkers(int maxWorkers) { this.maxWorkers = maxWorkers; }
    public Duration getIdleTimeout() { return idleTimeout; }
    public void setIdleTimeout(Duration idleTimeout) { this.idleTimeout = idleTimeout; }
    public Duration getNoClientTimeout() { return noClientTimeout; }
    public void setNoClientTimeout(Duration noClientTimeout) { this.noClientTimeout = noClientTimeout; }
    public Duration getSchedulerStartTimeout() { return schedulerStartTimeout; }
    public void setSchedulerStartTimeout(Duration value) { this.schedulerStartTimeout = value; }
    public Duration getWorkerStartTimeout() { return workerStartTimeout; }
    public void setWorkerStartTimeout(Duration value) { this.workerStartTimeout = value; }
    public Duration getHeartbeatTimeout() { return heartbeatTimeout; }
    public void setHeartbeatTimeout(Duration heartbeatTimeout) { this.heartbeatTimeout = heartbeatTimeout; }
    public Duration getHeartbeatInterval() { return heartbeatInterval; }
    public void setHeartbeatInterval(Duration heartbeatInterval) { this.heartbeatInterval = heartbeatInterval; }
    public Duration getOrphanSelfStop() { return orphanSelfStop; }
    public void setOrphanSelfStop(Duration orphanSelfStop) { this.orphanSelfStop = orphanSelfStop; }
    public Duration getBootstrapTokenTtl() { return bootstrapTokenTtl; }
    public void setBootstrapTokenTtl(Duration bootstrapTokenTtl) { this.bootstrapTokenTtl = bootstrapTokenTtl; }
    public Duration getBootstrapWait() { return bootstrapWait; }
    public void setBootstrapWait(Duration bootstrapWait) { this.bootstrapWait = bootstrapWait; }
    public Duration getStopGrace() { return stopGrace; }
    public void setStopGrace(Duration stopGrace) { this.stopGrace = stopGrace; }
    public Duration getOrphanGrace() { return orphanGrace; }
    public void setOrphanGrace(Duration orphanGrace) { this.orphanGrace = orphanGrace; }
    public int getMaxWorkerFailures() { return maxWorkerFailures; }
    public void setMaxWorkerFailures(int maxWorkerFailures) { this.maxWorkerFailures = maxWorkerFailures; }
    public Duration getReconcileInterval() { return reconcileInterval; }
    public void setReconcileInterval(Duration reconcileInterval) { this.reconcileInterval = reconcileInterval; }
}
