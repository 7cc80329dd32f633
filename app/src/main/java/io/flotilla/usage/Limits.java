package io.flotilla.usage;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterRepository;
import io.flotilla.cluster.ClusterSpecView;
import io.flotilla.cluster.ClusterTarget;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * What a workspace uses of its limits and what follows from it. Monthly hours are metered ({@link Metering}) from the
 * first of the month (UTC) to now. Concurrent cores are what the active clusters hold or are about to: a cluster that
 * should run counts its scheduler and its desired workers at the vCPUs its instances have (or asked for, before
 * any launched), or what its instances hold now if more; a stopping cluster counts what still runs.
 */
@Singleton
public class Limits {
    /** The share of a limit from which warnings are given. */
    public static final double WARN_FRACTION = 0.8;
    private final MeterQueries meters;
    private final ClusterRepository clusters;
    private final UsagePolicies policies;
    private final Clock clock;

    public Limits(MeterQueries meters, ClusterRepository clusters, UsagePolicies policies, Clock clock) {
        this.meters = meters;
        this.clusters = clusters;
        this.policies = policies;
        this.clock = clock;
    }

    /** The current month (UTC) as {@code YYYY-MM}. */
    public String month() {
        return YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)).toString();
    }

    /** The workspace's use now; {@code ownerId}'s active clusters counted when given. */
    public LimitUse use(UUID workspaceId, @Nullable UUID ownerId) {
        return snapshot(workspaceId, ownerId).use();
    }

    /**
     * The use and what each active cluster's instances hold now (the running vCPUs per cluster), read once for
     * an admission that needs both.
     */
    record Snapshot(LimitUse use, Map<UUID, int[]> running) {
        int @Nullable [] runningOf(UUID clusterId) {
            return running.get(clusterId);
        }
    }

    Snapshot snapshot(UUID workspaceId, @Nullable UUID ownerId) {
        Instant now = clock.instant();
        Instant monthStart = YearMonth.from(now.atZone(ZoneOffset.UTC)).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        double[] seconds = meters.workspaceSeconds(workspaceId, monthStart, now);
        List<Cluster> active = clusters.findActiveInWorkspace(workspaceId);
        Map<UUID, int[]> running = meters.runningVcpus(workspaceId);
        int cores = 0;
        int mine = 0;
        for (Cluster cluster : active) {
            cores += committedCores(cluster, cluster.desiredWorkers(), running.get(cluster.id()));
            if (cluster.ownerId().equals(ownerId) && cluster.target() == ClusterTarget.RUNNING) {
                mine++;
            }
        }
        return new Snapshot(new LimitUse(UsageService.round(seconds[0] / 3600), UsageService.round(seconds[1] / 3600),
                cores, mine), running);
    }

    /** The vCPUs {@code cluster} holds or is about to with {@code workers} workers. */
    int committedCores(Cluster cluster, int workers, int @Nullable [] running) {
        int live = running == null ? 0 : running[0];
        if (cluster.target() != ClusterTarget.RUNNING) {
            return live;
        }
        int asked = Metering.askedVcpus(ClusterSpecView.of(cluster), cluster.provider());
        int worker = running != null && running[1] > 0 ? running[1] : asked;
        int scheduler = running != null && running[2] > 0 ? running[2] : asked;
        return Math.max(live, scheduler + workers * worker);
    }

    /** The sentences of the workspace's warnings now (none when it has no limits). */
    @Transactional(readOnly = true)
    public List<String> messages(UUID workspaceId, String workspace) {
        UsagePolicy policy = policies.of(workspaceId);
        if (!LimitsAdmission.hasLimits(policy)) {
            return List.of();
        }
        return warnings(workspace, policy, use(workspaceId, null)).stream().map(LimitWarning::message).toList();
    }

    /** Warnings for every limit used at {@link #WARN_FRACTION} or more. */
    public List<LimitWarning> warnings(String workspace, UsagePolicy policy, LimitUse use) {
        List<LimitWarning> warnings = new ArrayList<>();
        budget(warnings, workspace, "cpuHoursPerMonth", "CPU-hour", policy.cpuHoursPerMonth(), use.cpuHoursThisMonth());
        budget(warnings, workspace, "gpuHoursPerMonth", "GPU-hour", policy.gpuHoursPerMonth(), use.gpuHoursThisMonth());
        if (policy.maxConcurrentCores() != null && use.concurrentCores() >= WARN_FRACTION * policy.maxConcurrentCores()) {
            boolean reached = use.concurrentCores() >= policy.maxConcurrentCores();
            warnings.add(new LimitWarning("maxConcurrentCores", policy.maxConcurrentCores(), use.concurrentCores(),
                    reached ? LimitWarning.REACHED : LimitWarning.WARNING, "Workspace '" + workspace + "' holds "
                    + use.concurrentCores() + " of its " + policy.maxConcurrentCores() + " concurrent cores (maxConcurrentCores)"
                    + (reached ? "; new clusters and scale-ups are refused until some stop." : ".")));
        }
        return warnings;
    }

    private void budget(List<LimitWarning> warnings, String workspace, String name, String unit, @Nullable BigDecimal limit,
                        double used) {
        if (limit == null || used < WARN_FRACTION * limit.doubleValue()) {
            return;
        }
        boolean reached = used >= limit.doubleValue();
        String percent = limit.signum() == 0 ? "all" : String.format(Locale.ROOT, "%.0f %%", 100 * used / limit.doubleValue());
        warnings.add(new LimitWarning(name, limit.doubleValue(), used, reached ? LimitWarning.REACHED : LimitWarning.WARNING,
                "Workspace '" + workspace + "' has used " + percent + " of its " + unit + " budget for " + month() + ": "
                        + hours(used) + " of " + hours(limit.doubleValue()) + " (" + name + ")"
                        + (reached ? "; new clusters and scale-ups are refused until next month or until an admin raises it."
                        : ".")));
    }

    static String hours(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
