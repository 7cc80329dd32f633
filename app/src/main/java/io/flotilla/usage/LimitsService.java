package io.flotilla.usage;

import io.flotilla.audit.AuditLog;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.Caller;
import io.flotilla.identity.WorkspaceAccess;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;

/** A workspace's limits: members read them with their use and warnings, workspace admins set them. */
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
    private final UsagePolicyRepository repository;
    private final Limits limits;
    private final AuditLog audit;
    private final Clock clock;

    public LimitsService(WorkspaceAccess access, UsagePolicies policies, UsagePolicyRepository repository, Limits limits,
                         AuditLog audit, Clock clock) {
        this.access = access;
        this.policies = policies;
        this.repository = repository;
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
        UsagePolicy old = policies.of(ws.workspace().id());
        UsagePolicy changed = new UsagePolicy(old.workspaceId(), cpu, gpu, cores, perUser, stop,
                old.idleGpuThresholdPercent(), old.idleGpuMinutes(), old.webhookUrl(), old.collectTaskPrefixes(),
                clock.instant(), caller.userId());
        if (repository.existsById(old.workspaceId())) {
            repository.update(changed);
        } else {
            repository.save(changed);
        }
        audit.record(caller, "workspace.limits", ws.workspace().id(), workspace, "cpuHoursPerMonth=" + cpu
                + " gpuHoursPerMonth=" + gpu + " maxConcurrentCores=" + cores + " maxClustersPerUser=" + perUser
                + " stopAtBudget=" + stop);
        return view(ws, changed, caller);
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
