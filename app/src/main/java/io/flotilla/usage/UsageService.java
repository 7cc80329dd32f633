package io.flotilla.usage;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterService;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.Caller;
import io.flotilla.identity.UserRepository;
import io.flotilla.identity.WorkspaceAccess;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Usage reports for members of a workspace: metered vCPU-, GPU- and instance-hours and their estimated cost, by user,
 * cluster, workspace, day or month, from instance lifetimes ({@link Metering}).
 */
@Singleton
public class UsageService {
    /** Points of a concurrent-cores series, at most. */
    public static final int MAX_POINTS = 2000;
    static final String[] CSV_HEADER = {"key", "user", "cluster", "day", "month", "vcpu_hours", "gpu_hours",
            "instance_hours", "estimated_cost_usd"};
    private final WorkspaceAccess access;
    private final MeterQueries meters;
    private final CostEstimator costs;
    private final UserRepository users;
    private final ClusterService clusters;
    private final Clock clock;

    public UsageService(WorkspaceAccess access, MeterQueries meters, CostEstimator costs, UserRepository users,
                        ClusterService clusters, Clock clock) {
        this.access = access;
        this.meters = meters;
        this.costs = costs;
        this.users = users;
        this.clusters = clusters;
        this.clock = clock;
    }

    /**
     * A question with the defaults filled in: {@code by} day, {@code since} the first of this month (UTC),
     * {@code until} now, pages of 100.
     */
    public UsageQuery query(@Nullable UsageGroup by, @Nullable Instant since, @Nullable Instant until,
                            @Nullable String user, @Nullable String cluster, @Nullable Integer limit,
                            @Nullable Integer offset) {
        Instant now = clock.instant();
        return new UsageQuery(by == null ? UsageGroup.DAY : by,
                since != null ? since : YearMonth.from(now.atZone(ZoneOffset.UTC)).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                until != null ? until : now, user, cluster, limit == null ? 100 : limit, offset == null ? 0 : offset);
    }

    /** One page of the workspace's usage, with the totals over every group (members). */
    @Transactional(readOnly = true)
    public UsageReport report(Caller caller, String workspace, UsageQuery query) {
        List<UsageRow> groups = groups(caller, workspace, query);
        double vcpu = 0;
        double gpu = 0;
        double hours = 0;
        double cost = 0;
        for (UsageRow row : groups) {
            vcpu += row.vcpuHours();
            gpu += row.gpuHours();
            hours += row.instanceHours();
            cost += row.estimatedCost();
        }
        List<UsageRow> page = groups.subList(Math.min(query.offset(), groups.size()),
                Math.min(groups.size(), query.offset() + query.limit()));
        return new UsageReport(query.by().id(), query.since(), query.until(), List.copyOf(page), groups.size(),
                new UsageTotals(round(vcpu), round(gpu), round(hours), round(cost)), CostEstimator.CURRENCY, costs.label());
    }

    /** Every group of the report (not only a page) as CSV with a header row; an empty range gives the header only. */
    @Transactional(readOnly = true)
    public String csv(Caller caller, String workspace, UsageQuery query) {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(CSV_HEADER).get())) {
            for (UsageRow row : groups(caller, workspace, query)) {
                printer.printRecord(row.key(), row.user(), row.cluster(), row.day(), row.month(), row.vcpuHours(),
                        row.gpuHours(), row.instanceHours(), row.estimatedCost());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The vCPUs the workspace's instances held, every {@code step} from since to until (members). */
    @Transactional(readOnly = true)
    public List<CoresPoint> concurrentCores(Caller caller, String workspace, Instant since, Instant until, Duration step) {
        WorkspaceAccess.Access ws = access.requireMember(caller, workspace);
        if (step.isNegative() || step.isZero() || step.compareTo(Duration.ofMinutes(1)) < 0) {
            throw ServiceException.invalid("step", "step must be at least one minute.");
        }
        if (!since.isBefore(until)) {
            throw ServiceException.invalid("since", "since (" + since + ") must be before until (" + until + ").");
        }
        Instant now = clock.instant();
        Instant end = until.isAfter(now) ? now : until;
        if (Duration.between(since, end).dividedBy(step) > MAX_POINTS) {
            throw ServiceException.invalid("step", "That range and step give more than " + MAX_POINTS
                    + " points; choose a larger step.");
        }
        return meters.cores(ws.workspace().id(), since, end, step, now);
    }

    /** The cluster's usage so far (members): growing while it runs, complete once it stopped. */
    @Transactional(readOnly = true)
    public ClusterUsage ofCluster(Caller caller, String workspace, String clusterName) {
        return of(clusters.get(caller, workspace, clusterName));
    }

    /** The usage of a cluster the caller was already allowed to see. */
    @Transactional(readOnly = true)
    public ClusterUsage of(Cluster cluster) {
        double vcpu = 0;
        double gpu = 0;
        double cost = 0;
        for (MeteredPiece piece : meters.clusterPieces(cluster.id(), clock.instant())) {
            vcpu += piece.vcpuSeconds();
            gpu += piece.gpuSeconds();
            cost += costs.cost(piece.provider(), piece.region(), piece.instanceType(), piece.purchase(), piece.seconds());
        }
        int running = meters.runningVcpusOfCluster(cluster.id());
        boolean complete = cluster.status().isTerminal() && running == 0;
        return new ClusterUsage(round(vcpu / 3600), round(gpu / 3600), round(cost), CostEstimator.CURRENCY, costs.label(),
                running, complete);
    }

    private List<UsageRow> groups(Caller caller, String workspace, UsageQuery query) {
        WorkspaceAccess.Access ws = access.requireMember(caller, workspace);
        UUID ownerId = null;
        if (query.user() != null) {
            ownerId = users.findByUsername(query.user()).map(u -> u.id()).orElse(null);
            if (ownerId == null) {
                return List.of();
            }
        }
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, String[]> labels = new LinkedHashMap<>();
        for (MeteredPiece piece : meters.pieces(ws.workspace().id(), query.since(), query.until(), clock.instant(),
                ownerId, query.cluster())) {
            String[] label = label(query.by(), piece, ws.workspace().name());
            String groupKey = query.by() == UsageGroup.CLUSTER ? piece.clusterId().toString() : label[0];
            labels.putIfAbsent(groupKey, label);
            double[] sum = sums.computeIfAbsent(groupKey, k -> new double[4]);
            sum[0] += piece.vcpuSeconds() / 3600;
            sum[1] += piece.gpuSeconds() / 3600;
            sum[2] += piece.seconds() / 3600;
            sum[3] += costs.cost(piece.provider(), piece.region(), piece.instanceType(), piece.purchase(), piece.seconds());
        }
        List<UsageRow> rows = new ArrayList<>();
        sums.forEach((key, sum) -> {
            String[] l = labels.get(key);
            rows.add(new UsageRow(l[0], l[1], l[2], l[3], l[4], round(sum[0]), round(sum[1]), round(sum[2]), round(sum[3])));
        });
        if (query.by() == UsageGroup.DAY || query.by() == UsageGroup.MONTH) {
            rows.sort(Comparator.comparing(UsageRow::key));
        } else {
            rows.sort(Comparator.comparingDouble(UsageRow::vcpuHours).reversed().thenComparing(UsageRow::key));
        }
        return rows;
    }

    /** key, user, cluster, day, month of the piece's group. */
    private static String[] label(UsageGroup by, MeteredPiece piece, String workspace) {
        return switch (by) {
            case USER -> new String[] {piece.username(), piece.username(), null, null, null};
            case CLUSTER -> new String[] {piece.clusterName(), piece.username(), piece.clusterName(), null, null};
            case WORKSPACE -> new String[] {workspace, null, null, null, null};
            case DAY -> new String[] {piece.day().toString(), null, null, piece.day().toString(), null};
            case MONTH -> {
                String month = YearMonth.from(piece.day()).toString();
                yield new String[] {month, null, null, null, month};
            }
        };
    }

    /** Hours and dollars are answered to four decimals. */
    static double round(double value) {
        return Math.round(value * 10_000.0) / 10_000.0;
    }
}
