package io.flotilla.cluster.engine;

import io.flotilla.cluster.ClusterSpecView;
import io.flotilla.cluster.ClusterTransitions;
import io.flotilla.audit.MutationAudit;
import io.flotilla.account.CloudAccountService;
import io.flotilla.audit.MutationCause;
import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.cluster.ClusterInstanceRepository;
import io.flotilla.cluster.ClusterSettings;
import io.flotilla.cluster.ClusterSpec;
import io.flotilla.config.ApplianceUrl;
import io.flotilla.environment.ClusterSoftwareGate;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.TokenCodec;
import io.flotilla.identity.WorkspaceRepository;
import io.flotilla.provider.ApplianceId;
import io.flotilla.provider.AgentBoot;
import io.flotilla.provider.ComputeProvider;
import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.InstanceSize;
import io.flotilla.provider.LaunchRequest;
import io.flotilla.provider.LaunchedInstance;
import io.flotilla.provider.ProviderRegistry;
import io.flotilla.provider.ResourceTags;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Launches one instance in three crash-safe moves: (1) store the hash of the one-time bootstrap token (a
 * fresh one, or the one of an earlier attempt at this launch, see {@link PendingBootstrapTokens}), (2) ask the
 * provider to launch with the row id as idempotency key and tag, (3) checkpoint the provider's instance id. A
 * crash between (2) and (3) is healed by the reconciler finding the instance by tag, or by a retried launch
 * that the provider answers with the instance already started, which still holds a valid token. What the provider
 * changes in the cloud (and the log group made first) is audited with the launch's cause ({@link MutationCauses}).
 */
@Singleton
public class InstanceLauncher {
    /** Bootstrap tokens carry this prefix. */
    public static final String BOOTSTRAP_PREFIX = "fbt_";
    private final InstanceTransitions instances;
    private final ClusterInstanceRepository rows;
    private final WorkspaceRepository workspaces;
    private final ProviderRegistry providers;
    private final ApplianceId applianceId;
    private final ApplianceUrl applianceUrl;
    private final ClusterSettings settings;
    private final List<LaunchPreparation> preparations;
    private final ClusterTransitions transitions;
    private final PendingBootstrapTokens pendingTokens;
    private final CloudAccountService cloudAccounts;
    private final MutationAudit mutationAudit;
    private final MutationCauses causes;
    private final ClusterSoftwareGate software;
    private final Clock clock;

    public InstanceLauncher(InstanceTransitions instances, ClusterInstanceRepository rows, WorkspaceRepository workspaces,
                            ProviderRegistry providers,
                            ApplianceId applianceId, ApplianceUrl applianceUrl, ClusterSettings settings, List<LaunchPreparation> preparations,
                            ClusterTransitions transitions, PendingBootstrapTokens pendingTokens,
                            CloudAccountService cloudAccounts, MutationAudit mutationAudit, MutationCauses causes,
                            ClusterSoftwareGate software, Clock clock) {
        this.instances = instances;
        this.rows = rows;
        this.workspaces = workspaces;
        this.providers = providers;
        this.applianceId = applianceId;
        this.applianceUrl = applianceUrl;
        this.settings = settings;
        this.preparations = List.copyOf(preparations);
        this.transitions = transitions;
        this.pendingTokens = pendingTokens;
        this.cloudAccounts = cloudAccounts;
        this.mutationAudit = mutationAudit;
        this.causes = causes;
        this.software = software;
        this.clock = clock;
    }

    /** Writes the row of a new instance of the cluster (launched on the next reconcile). */
    public ClusterInstance create(Cluster cluster, InstanceRole role) {
        String name = role == InstanceRole.SCHEDULER ? "scheduler"
                : "worker-" + (rows.findByClusterIdOrderByCreatedAt(cluster.id()).stream()
                .filter(i -> i.role() == InstanceRole.WORKER).count() + 1);
        return instances.create(cluster.id(), role, name);
    }

    /** Issues the token, launches, checkpoints. */
    public ClusterInstance launch(Cluster cluster, ClusterInstance row) {
        ComputeProvider provider = providers.forAccount(cluster.provider(), cluster.cloudAccountId());
        MutationCause cause = causes.launch(cluster, row);
        MutationAudit.Scope scope = new MutationAudit.Scope(provider.accountName(), cluster.workspaceId(), cluster.name());
        prepare(cluster, row, cause, scope);
        String token = pendingTokens.tokenFor(row);
        instances.issueBootstrap(row.id(), TokenCodec.sha256(token), clock.instant().plus(settings.getBootstrapTokenTtl()))
                .orElseThrow();
        ClusterSpec spec = ClusterSpecView.of(cluster);
        LaunchRequest request = new LaunchRequest(row.id().toString(), cluster.name() + "-" + row.name(),
                row.role(), new InstanceSize(spec.workerCpu(), spec.workerMemoryBytes(), spec.workerGpu(), spec.arm()), tags(cluster, row),
                new AgentBoot(applianceUrl.forInstances(), token, applianceUrl.fingerprintForInstances(),
                        applianceUrl.publicKeyPinForInstances()), spec.spotPolicy(),
                cloudAccounts.allowedCidrs(cluster.workspaceId(), cluster.cloudAccountId()),
                software.status(cluster.id()).artifact());
        LaunchedInstance launched = mutationAudit.call(cause, scope, mutations -> provider.launch(request, mutations));
        ClusterInstance checkpointed = instances.checkpoint(row.id(), launched.instanceId(), launched.privateAddress(), launched.shape())
                .orElseThrow();
        pendingTokens.forget(checkpointed);
        return checkpointed;
    }

    /** A launch that failed for good (its row is stopped): its pending token is of no use any more. */
    public void abandon(ClusterInstance row) {
        pendingTokens.forget(row);
    }

    /**
     * Makes sure what the instance needs besides its provider's resources exists before it boots (its log
     * destination, see {@link LaunchPreparation}). That is not worth a failed cluster: when it fails (for logs: the
     * instance keeps its log locally and the bootstrap tries once more) the cluster's events say why.
     */
    private void prepare(Cluster cluster, ClusterInstance row, MutationCause cause, MutationAudit.Scope scope) {
        for (LaunchPreparation preparation : preparations) {
            try {
                mutationAudit.run(cause, scope, mutations -> preparation.prepare(cluster, mutations));
            } catch (ServiceException e) {
                transitions.event(cluster.id(), preparation.topic(), preparation.whenFailed(row.name()) + ": " + e.getMessage());
            }
        }
    }

    /** The tags every instance of the cluster carries from its creation on. */
    public Map<String, String> tags(Cluster cluster, ClusterInstance row) {
        String workspace = workspaces.findById(cluster.workspaceId()).map(w -> w.name()).orElse("unknown");
        return Map.of(ResourceTags.APPLIANCE, applianceId.value(), ResourceTags.WORKSPACE, workspace,
                ResourceTags.CLUSTER, cluster.id().toString(), ResourceTags.ROLE, ResourceTags.roleValue(row.role()),
                ResourceTags.INSTANCE, row.id().toString());
    }
}
