package io.flotilla.cluster.agent;

import io.flotilla.logs.AgentLogSettings;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;
import java.util.UUID;

/**
 * What an instance's agent receives, once, in exchange for its bootstrap token; {@code logs} says where it
 * ships its Dask log (null: the log stays on the instance, where the provider collects it); {@code dashboard}
 * (scheduler only) the token its dashboard requires; {@code software} the container image the agent runs Dask in
 * (null: the instance's own runtime); {@code preemption} (workers of providers with interruptible instances)
 * how the agent learns its instance is about to be taken away.
 */
@Serdeable
public record BootstrapResponse(UUID clusterId, String instance, String role, Tls tls, Scheduler scheduler,
                                @Nullable Worker worker, @Nullable Heartbeat heartbeat, Map<String, String> environ,
                                @Nullable AgentLogSettings logs, @Nullable Dashboard dashboard,
                                @Nullable Software software, @Nullable Preemption preemption) {
    /** A response without a preemption notice. */
    public BootstrapResponse(UUID clusterId, String instance, String role, Tls tls, Scheduler scheduler,
                             @Nullable Worker worker, @Nullable Heartbeat heartbeat, Map<String, String> environ,
                             @Nullable AgentLogSettings logs, @Nullable Dashboard dashboard, @Nullable Software software) {
        this(clusterId, instance, role, tls, scheduler, worker, heartbeat, environ, logs, dashboard, software, null);
    }

    /** A response without a software image. */
    public BootstrapResponse(UUID clusterId, String instance, String role, Tls tls, Scheduler scheduler,
                             @Nullable Worker worker, @Nullable Heartbeat heartbeat, Map<String, String> environ,
                             @Nullable AgentLogSettings logs, @Nullable Dashboard dashboard) {
        this(clusterId, instance, role, tls, scheduler, worker, heartbeat, environ, logs, dashboard, null, null);
    }

    /**
     * How a worker learns that its interruptible instance is about to be taken away, so that it retires from the
     * scheduler gracefully first (its agent watches it).
     *
     * @param kind {@value io.flotilla.provider.ProviderCapabilities#GCE_METADATA}: the metadata server's {@code instance/preempted}
     */
    @Serdeable
    public record Preemption(String kind) {
    }

    /** The container image of the cluster's software environment (pulled with the instance's role). */
    @Serdeable
    public record Software(String image) {
    }

    @Serdeable
    public record Tls(String caCertPem, String certPem, String keyPem) {
        @Override
        public String toString() {
            return "Tls[key hidden]";
        }
    }

    @Serdeable
    public record Scheduler(@Nullable String address, int port, int dashboardPort, String host) {
    }

    @Serdeable
    public record Worker(int nthreads, String memoryLimit, String name) {
    }

    @Serdeable
    public record Dashboard(String token) {
        @Override
        public String toString() {
            return "Dashboard[token hidden]";
        }
    }

    /**
     * Where and how often the scheduler reports, and after how many seconds without an answered heartbeat (and no
     * client connected) it stops itself and its workers ({@code orphanSelfStopSeconds}, 0: never).
     */
    @Serdeable
    public record Heartbeat(String url, String token, int intervalSeconds, long orphanSelfStopSeconds) {
        @Override
        public String toString() {
            return "Heartbeat[" + url + ", token hidden]";
        }
    }
}
