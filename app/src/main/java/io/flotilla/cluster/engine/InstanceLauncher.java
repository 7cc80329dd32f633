package io.flotilla.cluster.engine;

import io.flotilla.account.CloudAccountService;
import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.cluster.ClusterInstanceRepository;
import io.flotilla.cluster.ClusterSettings;
import io.flotilla.cluster.ClusterSpec;
import io.flotilla.config.ApplianceUrl;
import io.flotilla.error.ServiceException;
import io.flotilla.logs.LogService;
import io.flotilla.identity.TokenCodec;
import io.flotilla.identity.WorkspaceRepository;
import io.flotilla.provider.AgentBoot;
import io.flotilla.provider.ComputeProvider;
import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.InstanceSize;
import io.flotilla.provider.LaunchRequest;
import io.flotilla.provider.LaunchedInstance;
import io.flotilla.provider.ProviderRegistry;
import io.flotilla.provider.ResourceTags;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * Launches one instance in three crash-safe moves: (1) store the hash of the one-time bootstrap token (a
 * fresh one, or the one of an earlier attempt at this launch, see {@link PendingBootstrapTokens}), (2) ask the
 * provider to launch with the row id as idempotency key and tag, (3) checkpoint the provider's instance id. A
 * crash between (2) and (3) is healed by the reconciler finding the instance by tag, or by a retried launch
 * that the provider answers with the instance already started, which still holds a valid token.
 */
@Singleton
public class InstanceLauncher {
    /** Bootstrap tokens carry this prefix. */
    public static final String BOOTSTRAP_PREFIX = "fbt_";
    private final ClusterInstanceRepository instances;
    private final WorkspaceRepository workspaces;
    private final ProviderRegistry providers;
    private final ApplianceId applianceId;
    private final ApplianceUrl applianceUrl;
    private final ClusterSettings settings;
    private final LogService logs;
    private final ClusterTransitions transitions;
    private final PendingBootstrapTokens pendingTokens;
    private final CloudAccountService cloudAccounts;
    private final Clock clock;

    public InstanceLauncher(ClusterInstanceRepository instances, WorkspaceRepository workspaces, ProviderRegistry providers,
                            ApplianceId applianceId, ApplianceUrl applianceUrl, ClusterSettings settings, LogService logs,
                            ClusterTransitions transitions, PendingBootstrapTokens pendingTokens,
                            CloudAccountService cloudAccounts, Clock clock) {
        this.instances = instances;
        this.workspaces = workspaces;
        this.providers = providers;
        this.applianceId = applianceId;
        this.applianceUrl = applianceUrl;
        this.settings = settings;
        this.logs = logs;
        this.transitions = transitions;
        this.pendingTokens = pendingTokens;
        this.cloudAccounts = cloudAccounts;
        this.clock = clock;
    }

    /** Writes the row of a new instance of the cluster (launched on the next reconcile). */
    @Transactional
    public ClusterInstance create(Cluster cluster, InstanceRole role) {
        String name = role == InstanceRole.SCHEDULER ? "scheduler"
                : "worker-" + (instances.findByClusterIdOrderByCreatedAt(cluster.id()).stream()
                .filter(i -> i.role() == InstanceRole.WORKER).count() + 1);
        return instances.save(new ClusterInstance(UUID.randomUUID(), cluster.id(), role, name,
                io.flotilla.cluster.InstanceStatus.LAUNCHING, io.flotilla.cluster.ClusterTarget.RUNNING,
                null, null, null, null, null, clock.instant(), clock.instant()));
    }

    /** Issues the token, launches, checkpoints. */
    public ClusterInstance launch(Cluster cluster, ClusterInstance row) {
        prepareLogs(cluster, row);
        String token = pendingTokens.tokenFor(row);
        instances.update(row.withBootstrap(TokenCodec.sha256(token), clock.instant().plus(settings.getBootstrapTokenTtl())));
        ClusterSpec spec = ClusterSpecView.of(cluster);
        ComputeProvider provider = providers.forCluster(cluster);
        LaunchedInstance launched = provider.launch(new LaunchRequest(row.id().toString(), cluster.name() + "-" + row.name(),
                row.role(), new InstanceSize(spec.workerCpu(), spec.workerMemoryBytes(), spec.workerGpu(), spec.arm()), tags(cluster, row),
                new AgentBoot(applianceUrl.forInstances(), token, applianceUrl.fingerprintForInstances()), spec.spotPolicy(),
                cloudAccounts.allowedCidrs(cluster.workspaceId(), cluster.cloudAccountId())));
        ClusterInstance fresh = instances.findById(row.id()).orElseThrow();
        ClusterInstance checkpointed = instances.update(fresh.withProviderInstanceId(launched.instanceId(),
                launched.privateAddress(), clock.instant()));
        pendingTokens.forget(checkpointed);
        return checkpointed;
    }

    /** A launch that failed for good (its row is stopped): its pending token is of no use any more. */
    public void abandon(ClusterInstance row) {
        pendingTokens.forget(row);
    }

    /**
     * Makes sure the instance's log destination exists before it boots (CloudWatch: the workspace's log group).
     * Logs are not worth a failed cluster: when that fails the instance keeps its log locally (the bootstrap
     * tries once more) and the cluster's events say why.
     */
    private void prepareLogs(Cluster cluster, ClusterInstance row) {
        try {
            logs.prepare(cluster);
        } catch (ServiceException e) {
            transitions.event(cluster.id(), "logs", "Logs of " + row.name() + " may not be shipped: " + e.getMessage());
        }
    }

    /** The tags every instance of the cluster carries from its creation on. */
    public Map<String, String> tags(Cluster cluster, ClusterInstance row) {
        String workspace = workspaces.findById(cluster.workspaceId()).map(w -> w.name()).orElse("unknown");
        return Map.of(ResourceTags.APPLIANCE, applianceId.get(), ResourceTags.WORKSPACE, workspace,
                ResourceTags.CLUSTER, cluster.id().toString(), ResourceTags.ROLE, ResourceTags.roleValue(row.role()),
                ResourceTags.INSTANCE, row.id().toString());
    }
}
