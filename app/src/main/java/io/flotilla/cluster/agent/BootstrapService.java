package io.flotilla.cluster.agent;

import io.flotilla.environment.ClusterSoftwareGate;
import io.flotilla.environment.builder.BuiltArtifact;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.cluster.ClusterInstanceRepository;
import io.flotilla.cluster.ClusterPki;
import io.flotilla.cluster.ClusterRepository;
import io.flotilla.cluster.ClusterSettings;
import io.flotilla.cluster.ClusterSpec;
import io.flotilla.cluster.ClusterTarget;
import io.flotilla.cluster.ClusterSpecView;
import io.flotilla.cluster.ClusterTransitions;
import io.flotilla.cluster.engine.InstanceTransitions;
import io.flotilla.cluster.tls.CertificateRole;
import io.flotilla.cluster.tls.ClusterCa;
import io.flotilla.cluster.tls.IssuedCertificate;
import io.flotilla.config.ApplianceUrl;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.TokenCodec;
import io.flotilla.logs.AgentLogSettings;
import io.flotilla.logs.LogService;
import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.ProviderCapabilities;
import io.flotilla.provider.ProviderRegistry;
import io.flotilla.provider.local.LocalProviderConfig;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trades an instance's one-time bootstrap token for its role, its own certificate and its Dask settings.
 * The token works once and only until it expires; the scheduler also receives the cluster's heartbeat
 * token, rotated at each scheduler bootstrap so that only the live scheduler holds it, and the cluster's
 * dashboard token ({@link ClusterPki#dashboardToken}), which stays the same for the cluster's life so that the
 * links users hold keep working.
 */
@Singleton
public class BootstrapService {
    /** Cluster (heartbeat) tokens carry this prefix. */
    public static final String CLUSTER_TOKEN_PREFIX = "fct_";
    /** The error code of a worker's bootstrap while its scheduler has not reported. */
    public static final String SCHEDULER_NOT_READY = "scheduler_not_ready";
    private final ClusterInstanceRepository instances;
    private final InstanceTransitions instanceTransitions;
    private final ClusterRepository clusters;
    private final ClusterPki pki;
    private final ClusterSettings settings;
    private final ApplianceUrl applianceUrl;
    private final LocalProviderConfig localConfig;
    private final ProviderRegistry providers;
    private final LogService logs;
    private final ClusterTransitions transitions;
    private final ClusterSoftwareGate software;
    private final Clock clock;

    public BootstrapService(ClusterInstanceRepository instances, InstanceTransitions instanceTransitions,
                            ClusterRepository clusters, ClusterPki pki,
                            ClusterSettings settings, ApplianceUrl applianceUrl, LocalProviderConfig localConfig,
                            ProviderRegistry providers, LogService logs, ClusterTransitions transitions, Clock clock,
                            ClusterSoftwareGate software) {
        this.instances = instances;
        this.instanceTransitions = instanceTransitions;
        this.clusters = clusters;
        this.pki = pki;
        this.settings = settings;
        this.applianceUrl = applianceUrl;
        this.localConfig = localConfig;
        this.providers = providers;
        this.logs = logs;
        this.transitions = transitions;
        this.software = software;
        this.clock = clock;
    }

    @Transactional
    public BootstrapResponse bootstrap(String presentedToken) {
        String tokenHash = TokenCodec.sha256(presentedToken == null ? "" : presentedToken);
        ClusterInstance found = instances.findByBootstrapTokenHash(tokenHash).orElseThrow(BootstrapService::refused);
        // the cluster's lock first, then the instance's: the order the heartbeat takes them in
        Cluster cluster = clusters.lock(found.clusterId()).orElseThrow(BootstrapService::refused);
        ClusterInstance row = instanceTransitions.consumeBootstrap(tokenHash).orElseThrow(BootstrapService::refused);
        if (row.target() != ClusterTarget.RUNNING || cluster.target() != ClusterTarget.RUNNING) {
            throw refused();
        }
        ClusterSpec spec = ClusterSpecView.of(cluster);
        String host = row.address() != null ? row.address() : localConfig.getHost();
        List<String> sans = new ArrayList<>(List.of(host, "localhost", "127.0.0.1"));
        boolean scheduler = row.role() == InstanceRole.SCHEDULER;
        ClusterCa ca = pki.ca(cluster.id());
        IssuedCertificate cert = ca.issue(scheduler ? CertificateRole.SCHEDULER : CertificateRole.WORKER,
                cluster.name() + "-" + row.name(), sans.stream().distinct().toList());
        BootstrapResponse.Tls tls = new BootstrapResponse.Tls(ca.certPem(), cert.certPem(), cert.keyPem());
        BootstrapResponse.Heartbeat heartbeat = null;
        if (scheduler) {
            String clusterToken = TokenCodec.newToken(CLUSTER_TOKEN_PREFIX);
            clusters.update(cluster.withClusterTokenHash(TokenCodec.sha256(clusterToken)));
            heartbeat = new BootstrapResponse.Heartbeat(applianceUrl.forInstances() + "/api/v1/agent/heartbeat", clusterToken,
                    (int) Math.max(1, settings.getHeartbeatInterval().toSeconds()),
                    Math.max(0, settings.getOrphanSelfStop().toSeconds()));
        } else if (cluster.schedulerAddress() == null) {
            throw new ServiceException(ServiceException.Kind.UNAVAILABLE, SCHEDULER_NOT_READY,
                    "The scheduler of this cluster has not reported yet; try again shortly.",
                    Map.of(ServiceException.RETRY_AFTER_SECONDS, 1));
        }
        BootstrapResponse.Worker worker = scheduler ? null : new BootstrapResponse.Worker(
                spec.workerThreads() != null ? spec.workerThreads() : spec.workerCpu() != null ? spec.workerCpu() : 1,
                spec.workerMemoryBytes() != null ? Long.toString(spec.workerMemoryBytes()) : "auto", row.name());
        BootstrapResponse.Dashboard dashboard = scheduler ? new BootstrapResponse.Dashboard(pki.dashboardToken(cluster.id())) : null;
        return new BootstrapResponse(cluster.id(), row.name(), scheduler ? "scheduler" : "worker", tls,
                schedulerSettings(cluster, host), worker, heartbeat,
                Map.copyOf(spec.environ()), logSettings(cluster, row), dashboard, softwareImage(cluster),
                scheduler ? null : preemption(cluster));
    }

    /** The provider's preemption notice for workers, when it has one (an on-demand worker's simply never fires). */
    private BootstrapResponse.Preemption preemption(Cluster cluster) {
        String notice = providers.forAccount(cluster.provider(), cluster.cloudAccountId()).capabilities().preemptionNotice();
        return notice == null ? null : new BootstrapResponse.Preemption(notice);
    }

    /** The image of the cluster's environment when its build made one (remote builders); else null. */
    private BootstrapResponse.Software softwareImage(Cluster cluster) {
        BuiltArtifact artifact = software.status(cluster.id()).artifact();
        return artifact != null && "image".equals(artifact.kind()) ? new BootstrapResponse.Software(artifact.reference()) : null;
    }

    /**
     * Checks, without spending it, that the token would be accepted by {@link #bootstrap}: known, not expired, its
     * instance and cluster meant to run. For the install routes, which a stock image calls before its agent starts.
     * Returns the instance's cluster (the runtime manifest names its workspace's package index).
     */
    @Transactional
    public Cluster requireUnspent(String presentedToken) {
        String tokenHash = TokenCodec.sha256(presentedToken == null ? "" : presentedToken);
        ClusterInstance row = instances.findByBootstrapTokenHash(tokenHash)
                .filter(r -> r.bootstrapExpiresAt() != null && clock.instant().isBefore(r.bootstrapExpiresAt()))
                .filter(r -> r.target() == ClusterTarget.RUNNING).orElseThrow(BootstrapService::refused);
        return clusters.findById(row.clusterId()).filter(c -> c.target() == ClusterTarget.RUNNING).orElseThrow(BootstrapService::refused);
    }

    /**
     * Where the instance ships its log (the source may create the log group first). Logs are not worth a
     * failed cluster: when that fails the instance keeps its log locally and the cluster's events say why.
     */
    private AgentLogSettings logSettings(Cluster cluster, ClusterInstance row) {
        try {
            return logs.agentSettings(cluster, row).orElse(null);
        } catch (ServiceException e) {
            transitions.event(cluster.id(), "logs", "Logs of " + row.name() + " are not shipped: " + e.getMessage());
            return null;
        }
    }

    /** On VMs the scheduler takes Dask's standard ports (the cluster's security group opens them); on a shared host, free ones. */
    private BootstrapResponse.Scheduler schedulerSettings(Cluster cluster, String host) {
        boolean dedicated = providers.forAccount(cluster.provider(), cluster.cloudAccountId()).capabilities().dedicatedHosts();
        return new BootstrapResponse.Scheduler(cluster.schedulerAddress(), dedicated ? ProviderCapabilities.SCHEDULER_PORT : 0,
                dedicated ? ProviderCapabilities.DASHBOARD_PORT : 0, host);
    }

    private static ServiceException refused() {
        return new ServiceException(ServiceException.Kind.UNAUTHENTICATED, "bootstrap_refused",
                "This bootstrap token is unknown, already used or expired.", Map.of());
    }
}
