package io.flotilla.ui.views;

import io.flotilla.identity.Caller;
import io.flotilla.usage.CoresPoint;
import io.flotilla.usage.UsageGroup;
import io.flotilla.usage.UsageQuery;
import io.flotilla.usage.UsageReport;
import io.flotilla.usage.UsageRow;
import io.flotilla.usage.UsageService;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the usage reports the usage page's charts need, as the viewer (the service checks membership), and draws
 * them with {@link UsageCharts}: daily CPU-hours of the {@link #TOP_USERS} biggest users (the rest as "others"),
 * the estimated cost of the last twelve months, and concurrent cores against a limit.
 */
final class UsageChartInputs {
    /** Users with a bar segment of their own; the others share one. */
    static final int TOP_USERS = 8;
    /** Rows read per report call. */
    static final int PAGE = 100;
    /** About how many points the cores line has over the period. */
    static final int CORE_POINTS = 240;
    private final UsageService usage;
    private final Caller caller;
    private final String workspace;

    UsageChartInputs(UsageService usage, Caller caller, String workspace) {
        this.usage = usage;
        this.caller = caller;
        this.workspace = workspace;
    }

    /** Every row of a report (all pages). */
    List<UsageRow> all(UsageGroup by, Instant since, Instant until, String user) {
        List<UsageRow> rows = new ArrayList<>();
        while (true) {
            UsageReport page = usage.report(caller, workspace, new UsageQuery(by, since, until, user, null, PAGE, rows.size()));
            rows.addAll(page.items());
            if (page.items().isEmpty() || rows.size() >= page.total()) {
                return rows;
            }
        }
    }

    byte[] dailyCpuHoursByUser(Instant since, Instant until) {
        List<String> days = days(since, until);
        List<UsageRow> users = all(UsageGroup.USER, since, until, null).stream()
                .sorted(Comparator.comparingDouble(UsageRow::vcpuHours).reversed()).toList();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        double[] shown = new double[days.size()];
        for (UsageRow user : users.subList(0, Math.min(TOP_USERS, users.size()))) {
            List<Double> hours = perDay(days, all(UsageGroup.DAY, since, until, user.user()));
            series.put(user.user(), hours);
            for (int i = 0; i < shown.length; i++) {
                shown[i] += hours.get(i);
            }
        }
        if (users.size() > TOP_USERS) {
            List<Double> everyone = perDay(days, all(UsageGroup.DAY, since, until, null));
            List<Double> others = new ArrayList<>();
            for (int i = 0; i < shown.length; i++) {
                others.add(Math.max(0, everyone.get(i) - shown[i]));
            }
            series.put((users.size() - TOP_USERS) + " others", others);
        }
        return UsageCharts.dailyCpuHoursByUser(days, series);
    }

    /** The cost of each of the twelve months up to {@code until}'s (the report's currency and label). */
    byte[] monthlyCost(Instant until) {
        YearMonth last = YearMonth.from(until.atZone(ZoneOffset.UTC));
        YearMonth first = last.minusMonths(11);
        Instant since = first.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        // twelve rows at most: one page
        UsageReport head = usage.report(caller, workspace, new UsageQuery(UsageGroup.MONTH, since, until, null, null, PAGE, 0));
        Map<String, Double> byMonth = head.items().stream()
                .collect(Collectors.toMap(UsageRow::month, UsageRow::estimatedCost, Double::sum));
        List<String> months = new ArrayList<>();
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            months.add(m.toString());
        }
        return UsageCharts.monthlyCost(months, months.stream().map(m -> byMonth.getOrDefault(m, 0.0)).toList(),
                head.currency(), head.costLabel());
    }

    byte[] concurrentCores(Instant since, Instant until, Integer limit) {
        List<CoresPoint> points = usage.concurrentCores(caller, workspace, since, until, step(since, until));
        return UsageCharts.concurrentCores(points.stream().map(CoresPoint::at).toList(),
                points.stream().map(CoresPoint::cores).toList(), limit, since, until);
    }

    /** About {@link #CORE_POINTS} steps over the period, in whole minutes (at least one). */
    static Duration step(Instant since, Instant until) {
        long minutes = Duration.between(since, until).toMinutes();
        return Duration.ofMinutes(Math.max(1, (minutes + CORE_POINTS - 1) / CORE_POINTS));
    }

    /** The days (UTC, YYYY-MM-DD) the period touches. */
    static List<String> days(Instant since, Instant until) {
        LocalDate first = since.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate last = until.minusNanos(1).atZone(ZoneOffset.UTC).toLocalDate();
        List<String> days = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            days.add(d.toString());
        }
        return days;
    }

    private static List<Double> perDay(List<String> days, List<UsageRow> rows) {
        Map<String, Double> byDay = rows.stream().collect(Collectors.toMap(UsageRow::day, UsageRow::vcpuHours, Double::sum));
        return days.stream().map(d -> byDay.getOrDefault(d, 0.0)).toList();
    }
}
