package io.flotilla.usage;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterChanged;
import io.flotilla.cluster.ClusterRepository;
import io.flotilla.cluster.ClusterSpecView;
import io.flotilla.cluster.ClusterTarget;
import io.flotilla.cluster.ClusterTransitions;
import io.flotilla.identity.WorkspaceRepository;
import io.flotilla.tasks.PeriodicJob;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Watches every workspace with limits: each warning (80 %) and each limit reached (100 %) becomes a cluster event on
 * the workspace's active clusters, once per limit and month; in a workspace that chose "stop at budget", a used-up
 * monthly budget stops its running clusters (GPU clusters only, for the GPU budget) with reason {@value #REASON}.
 */
@Singleton
public class BudgetWatch implements PeriodicJob {
    /** The stop reason of a cluster stopped by its workspace's budget. */
    public static final String REASON = "budget reached";
    private final UsagePolicyRepository policies;
    private final Limits limits;
    private final ClusterRepository clusters;
    private final ClusterTransitions transitions;
    private final WorkspaceRepository workspaces;
    private final JdbcOperations jdbc;
    private final ApplicationEventPublisher<ClusterChanged> changes;
    private final BudgetSettings settings;
    private final Clock clock;

    public BudgetWatch(UsagePolicyRepository policies, Limits limits, ClusterRepository clusters,
                       ClusterTransitions transitions, WorkspaceRepository workspaces, JdbcOperations jdbc,
                       ApplicationEventPublisher<ClusterChanged> changes, BudgetSettings settings, Clock clock) {
        this.policies = policies;
        this.limits = limits;
        this.clusters = clusters;
        this.transitions = transitions;
        this.workspaces = workspaces;
        this.jdbc = jdbc;
        this.changes = changes;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "usage-budgets";
    }

    @Override
    public Duration interval() {
        return settings.getBudgetCheckInterval();
    }

    @Override
    public void run() {
        for (UsagePolicy policy : policies.findAll()) {
            if (LimitsAdmission.hasLimits(policy)) {
                check(policy);
            }
        }
    }

    /** Checks one workspace now (also what a run does for each). */
    @Transactional
    public void check(UsagePolicy policy) {
        String workspace = workspaces.findById(policy.workspaceId()).map(w -> w.name()).orElse(null);
        if (workspace == null) {
            return;
        }
        LimitUse use = limits.use(policy.workspaceId(), null);
        List<Cluster> active = clusters.findActiveInWorkspace(policy.workspaceId());
        for (LimitWarning warning : limits.warnings(workspace, policy, use)) {
            if (firstTime(policy.workspaceId(), warning)) {
                active.forEach(cluster -> transitions.event(cluster.id(), "usage", warning.message()));
            }
        }
        if (!policy.stopAtBudget()) {
            return;
        }
        boolean cpuSpent = spent(policy.cpuHoursPerMonth(), use.cpuHoursThisMonth());
        boolean gpuSpent = spent(policy.gpuHoursPerMonth(), use.gpuHoursThisMonth());
        for (Cluster cluster : active) {
            boolean gpuCluster = ClusterSpecView.of(cluster).workerGpuCount() > 0;
            if (cluster.target() == ClusterTarget.RUNNING && (cpuSpent || (gpuSpent && gpuCluster))) {
                transitions.requestStop(cluster.id(), REASON);
                changes.publishEvent(new ClusterChanged(cluster.id()));
            }
        }
    }

    private boolean firstTime(UUID workspaceId, LimitWarning warning) {
        int level = LimitWarning.REACHED.equals(warning.level()) ? 100 : 80;
        return jdbc.prepareStatement("INSERT INTO usage_warnings_sent (workspace_id, limit_name, period, level, sent_at)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", st -> {
            st.setObject(1, workspaceId);
            st.setString(2, warning.limit());
            st.setString(3, limits.month());
            st.setInt(4, level);
            st.setTimestamp(5, Timestamp.from(clock.instant()));
            return st.executeUpdate() == 1;
        });
    }

    private static boolean spent(java.math.BigDecimal budget, double used) {
        return budget != null && used >= budget.doubleValue();
    }
}
