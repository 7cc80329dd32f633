package io.flotilla.usage;

import io.flotilla.audit.AuditLog;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.Caller;
import io.flotilla.identity.WorkspaceAccess;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;

/** A workspace's limits: members read them with their use and warnings, workspace admins set them (settings untouched). */
@Singleton
public class LimitsService {
    /** The largest monthly budget accepted, in hours. */
    public static final BigDecimal MAX_HOURS = new BigDecimal("1000000000");
    /** The largest concurrent-cores limit accepted. */
    public static final int MAX_CORES = 1_000_000;
    /** The largest clusters-per-user limit accepted. */
    public static final int MAX_CLUSTERS_PER_USER = 10_000;
    private final WorkspaceAccess access;
    private final UsagePolicies policies;
    private final JdbcOperations jdbc;
    private final Limits limits;
    private final AuditLog audit;
    private final Clock clock;

    public LimitsService(WorkspaceAccess access, UsagePolicies policies, JdbcOperations jdbc, Limits limits,
                         AuditLog audit, Clock clock) {
        this.access = access;
        this.policies = policies;
        this.jdbc = jdbc;
        this.limits = limits;
        this.audit = audit;
        this.clock = clock;
    }

    /** The workspace's limits, its use this month and the warnings (members). */
    @Transactional(readOnly = true)
    public WorkspaceLimits get(Caller caller, String workspace) {
        WorkspaceAccess.Access ws = access.requireMember(caller, workspace);
        return view(ws, policies.of(ws.workspace().id()), caller);
    }

    /** Replaces the workspace's limits (workspace admins); its usage settings are left as they are. */
    @Transactional
    public WorkspaceLimits set(Caller caller, String workspace, LimitsUpdate update) {
        WorkspaceAccess.Access ws = access.requireAdmin(caller, workspace);
        BigDecimal cpu = hours("cpuHoursPerMonth", update.cpuHoursPerMonth());
        BigDecimal gpu = hours("gpuHoursPerMonth", update.gpuHoursPerMonth());
        Integer cores = count("maxConcurrentCores", update.maxConcurrentCores(), MAX_CORES);
        Integer perUser = count("maxClustersPerUser", update.maxClustersPerUser(), MAX_CLUSTERS_PER_USER);
        boolean stop = Boolean.TRUE.equals(update.stopAtBudget());
        writeLimits(ws.workspace().id(), cpu, gpu, cores, perUser, stop, caller);
        audit.record(caller, "workspace.limits", ws.workspace().id(), workspace, "cpuHoursPerMonth=" + cpu
                + " gpuHoursPerMonth=" + gpu + " maxConcurrentCores=" + cores + " maxClustersPerUser=" + perUser
                + " stopAtBudget=" + stop);
        return view(ws, policies.of(ws.workspace().id()), caller);
    }

    /**
     * Writes only the limit columns (one upsert; a workspace without a row gets one with the default settings), so a
     * concurrent change of the usage settings is never lost.
     */
    private void writeLimits(java.util.UUID workspaceId, @Nullable BigDecimal cpu, @Nullable BigDecimal gpu,
                             @Nullable Integer cores, @Nullable Integer perUser, boolean stop, Caller caller) {
        jdbc.prepareStatement("INSERT INTO workspace_usage_policies (workspace_id, cpu_hours_per_month, gpu_hours_per_month,"
                + " max_concurrent_cores, max_clusters_per_user, stop_at_budget, updated_at, updated_by)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (workspace_id) DO UPDATE SET"
                + " cpu_hours_per_month = EXCLUDED.cpu_hours_per_month, gpu_hours_per_month = EXCLUDED.gpu_hours_per_month,"
                + " max_concurrent_cores = EXCLUDED.max_concurrent_cores, max_clusters_per_user = EXCLUDED.max_clusters_per_user,"
                + " stop_at_budget = EXCLUDED.stop_at_budget, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by",
                st -> {
                    st.setObject(1, workspaceId);
                    st.setBigDecimal(2, cpu);
                    st.setBigDecimal(3, gpu);
                    st.setObject(4, cores, java.sql.Types.INTEGER);
                    st.setObject(5, perUser, java.sql.Types.INTEGER);
                    st.setBoolean(6, stop);
                    st.setTimestamp(7, java.sql.Timestamp.from(clock.instant()));
                    st.setObject(8, caller.userId());
                    return st.executeUpdate();
                });
    }

    private WorkspaceLimits view(WorkspaceAccess.Access ws, UsagePolicy policy, Caller caller) {
        LimitUse use = limits.use(ws.workspace().id(), caller.userId());
        return new WorkspaceLimits(policy.cpuHoursPerMonth(), policy.gpuHoursPerMonth(), policy.maxConcurrentCores(),
                policy.maxClustersPerUser(), policy.stopAtBudget(), limits.month(), use,
                limits.warnings(ws.workspace().name(), policy, use), ws.isAdmin());
    }

    private static BigDecimal hours(String field, @Nullable BigDecimal value) {
        if (value == null) {
            return null;
        }
        if (value.signum() < 0 || value.compareTo(MAX_HOURS) > 0) {
            throw ServiceException.invalid(field, field + " must be between 0 and " + MAX_HOURS.toPlainString()
                    + " hours, or null for no limit; " + value.toPlainString() + " is not.");
        }
        if (value.stripTrailingZeros().scale() > 2) {
            throw ServiceException.invalid(field, field + " takes at most two decimals; " + value.toPlainString() + " has more.");
        }
        return value.setScale(2, RoundingMode.UNNECESSARY);
    }

    private static Integer count(String field, @Nullable Integer value, int max) {
        if (value != null && (value < 1 || value > max)) {
            throw ServiceException.invalid(field, field + " must be between 1 and " + max + ", or null for no limit; "
                    + value + " is not.");
        }
        return value;
    }
}
