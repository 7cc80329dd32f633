package io.flotilla.usage;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterAdmission;
import io.flotilla.cluster.ClusterSpec;
import io.flotilla.cluster.ClusterSpecView;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.WorkspaceRepository;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The workspace limits as the engine's admission: a new cluster or a scale-up that would pass a limit is refused
 * with a sentence naming the limit, its value and the current use. The check locks the workspace's row first (one
 * serialising statement on the shared database), so concurrent requests — also on other replicas — are decided one
 * after the other, each seeing the clusters the previous ones wrote.
 */
@Singleton
public class LimitsAdmission implements ClusterAdmission {
    /** The error code of a refusal. */
    public static final String LIMIT_REACHED = "usage_limit_reached";
    private final UsagePolicies policies;
    private final Limits limits;
    private final MeterQueries meters;
    private final WorkspaceRepository workspaces;

    public LimitsAdmission(UsagePolicies policies, Limits limits, MeterQueries meters, WorkspaceRepository workspaces) {
        this.policies = policies;
        this.limits = limits;
        this.meters = meters;
        this.workspaces = workspaces;
    }

    @Override
    public List<String> admitNew(UUID workspaceId, UUID ownerId, String provider, ClusterSpec spec) {
        UsagePolicy policy = policies.of(workspaceId);
        if (!hasLimits(policy)) {
            return List.of();
        }
        meters.lockWorkspace(workspaceId);
        String workspace = name(workspaceId);
        LimitUse use = limits.use(workspaceId, ownerId);
        if (policy.maxClustersPerUser() != null && use.yourActiveClusters() + 1 > policy.maxClustersPerUser()) {
            throw refused("maxClustersPerUser", "Workspace '" + workspace + "' allows " + policy.maxClustersPerUser()
                    + " active cluster(s) per user (maxClustersPerUser) and you have " + use.yourActiveClusters()
                    + "; stop one first.");
        }
        int needed = (spec.nWorkers() + 1) * Metering.askedVcpus(spec, provider);
        checkCores(workspace, policy, use.concurrentCores(), needed, "this cluster needs " + needed);
        checkBudgets(workspace, policy, use, spec.workerGpuCount() > 0);
        return messages(workspace, policy, use);
    }

    @Override
    public List<String> admitScale(Cluster cluster, int workers) {
        UsagePolicy policy = policies.of(cluster.workspaceId());
        if (!hasLimits(policy)) {
            return List.of();
        }
        meters.lockWorkspace(cluster.workspaceId());
        String workspace = name(cluster.workspaceId());
        Limits.Snapshot snapshot = limits.snapshot(cluster.workspaceId(), cluster.ownerId());
        LimitUse use = snapshot.use();
        int[] running = snapshot.runningOf(cluster.id());
        int now = limits.committedCores(cluster, cluster.desiredWorkers(), running);
        int after = limits.committedCores(cluster, workers, running);
        checkCores(workspace, policy, use.concurrentCores(), after - now,
                "scaling cluster '" + cluster.name() + "' to " + workers + " workers needs " + (after - now) + " more");
        checkBudgets(workspace, policy, use, workers > 0 && ClusterSpecView.of(cluster).workerGpuCount() > 0);
        return messages(workspace, policy, use);
    }

    @Override
    public int allowedWorkers(Cluster cluster, int wanted) {
        UsagePolicy policy = policies.of(cluster.workspaceId());
        if (!hasLimits(policy) || wanted <= cluster.desiredWorkers()) {
            return wanted;
        }
        meters.lockWorkspace(cluster.workspaceId());
        Limits.Snapshot snapshot = limits.snapshot(cluster.workspaceId(), cluster.ownerId());
        LimitUse use = snapshot.use();
        if (reached(policy.cpuHoursPerMonth(), use.cpuHoursThisMonth())
                || (reached(policy.gpuHoursPerMonth(), use.gpuHoursThisMonth()) && ClusterSpecView.of(cluster).workerGpuCount() > 0)) {
            return cluster.desiredWorkers();
        }
        if (policy.maxConcurrentCores() == null) {
            return wanted;
        }
        int[] running = snapshot.runningOf(cluster.id());
        int base = use.concurrentCores() - limits.committedCores(cluster, cluster.desiredWorkers(), running);
        int allowed = cluster.desiredWorkers();
        while (allowed < wanted && base + limits.committedCores(cluster, allowed + 1, running) <= policy.maxConcurrentCores()) {
            allowed++;
        }
        return allowed;
    }

    private void checkCores(String workspace, UsagePolicy policy, int inUse, int needed, String what) {
        if (policy.maxConcurrentCores() != null && needed > 0 && inUse + needed > policy.maxConcurrentCores()) {
            throw refused("maxConcurrentCores", "Workspace '" + workspace + "' has a limit of " + policy.maxConcurrentCores()
                    + " concurrent cores (maxConcurrentCores): " + inUse + " are in use and " + what + ".");
        }
    }

    private void checkBudgets(String workspace, UsagePolicy policy, LimitUse use, boolean gpu) {
        if (reached(policy.cpuHoursPerMonth(), use.cpuHoursThisMonth())) {
            throw refused("cpuHoursPerMonth", "Workspace '" + workspace + "' has used " + Limits.hours(use.cpuHoursThisMonth())
                    + " of its " + Limits.hours(policy.cpuHoursPerMonth().doubleValue()) + " CPU-hours for "
                    + limits.month() + " (cpuHoursPerMonth); new clusters and scale-ups are refused until next month"
                    + " or until an admin raises the budget.");
        }
        if (gpu && reached(policy.gpuHoursPerMonth(), use.gpuHoursThisMonth())) {
            throw refused("gpuHoursPerMonth", "Workspace '" + workspace + "' has used " + Limits.hours(use.gpuHoursThisMonth())
                    + " of its " + Limits.hours(policy.gpuHoursPerMonth().doubleValue()) + " GPU-hours for "
                    + limits.month() + " (gpuHoursPerMonth); GPU clusters and their scale-ups are refused until next"
                    + " month or until an admin raises the budget.");
        }
    }

    private List<String> messages(String workspace, UsagePolicy policy, LimitUse use) {
        return limits.warnings(workspace, policy, use).stream().map(LimitWarning::message).toList();
    }

    private static boolean reached(java.math.BigDecimal limit, double used) {
        return limit != null && used >= limit.doubleValue();
    }

    static boolean hasLimits(UsagePolicy policy) {
        return policy.cpuHoursPerMonth() != null || policy.gpuHoursPerMonth() != null
                || policy.maxConcurrentCores() != null || policy.maxClustersPerUser() != null;
    }

    private String name(UUID workspaceId) {
        return workspaces.findById(workspaceId).map(w -> w.name()).orElse(workspaceId.toString());
    }

    private static ServiceException refused(String limit, String message) {
        return new ServiceException(ServiceException.Kind.CONFLICT, LIMIT_REACHED, message, Map.of("limit", limit));
    }
}
