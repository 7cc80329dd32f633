package io.flotilla.usage.samples;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** The statements of {@link UsageRollup}; buckets are cut in UTC whatever the session's time zone. */
final class RollupSql {
    private static final String WATERMARK = "minutes";
    private static final int DELETE_BATCH = 50_000;
    private static final String COLUMNS = "cluster_id, bucket, workspace_id, samples, workers_sum, workers_max,"
            + " threads_sum, threads_max, memory_sum, memory_max, tasks_sum, tasks_max, gpu_workers_sum,"
            + " gpu_workers_max, gpu_samples, gpu_utilization_sum";
    private static final String UPDATE_ALL = " ON CONFLICT (cluster_id, bucket) DO UPDATE SET"
            + " workspace_id = excluded.workspace_id, samples = excluded.samples, workers_sum = excluded.workers_sum,"
            + " workers_max = excluded.workers_max, threads_sum = excluded.threads_sum,"
            + " threads_max = excluded.threads_max, memory_sum = excluded.memory_sum, memory_max = excluded.memory_max,"
            + " tasks_sum = excluded.tasks_sum, tasks_max = excluded.tasks_max,"
            + " gpu_workers_sum = excluded.gpu_workers_sum, gpu_workers_max = excluded.gpu_workers_max,"
            + " gpu_samples = excluded.gpu_samples, gpu_utilization_sum = excluded.gpu_utilization_sum";
    private static final String MINUTES = "INSERT INTO usage_minutes (" + COLUMNS + ")"
            + " SELECT cluster_id, date_trunc('minute', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', workspace_id,"
            + " count(*), sum(workers), max(workers), sum(threads), max(threads), sum(memory_bytes), max(memory_bytes),"
            + " sum(tasks_processing), max(tasks_processing), sum(gpu_workers), max(gpu_workers),"
            + " count(gpu_utilization), coalesce(sum(gpu_utilization), 0)"
            + " FROM usage_samples WHERE at >= ? AND at < ? GROUP BY 1, 2, 3" + UPDATE_ALL;
    private static final String HOURS = "INSERT INTO usage_hours (" + COLUMNS + ")"
            + " SELECT cluster_id, date_trunc('hour', bucket AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', workspace_id,"
            + " sum(samples), sum(workers_sum), max(workers_max), sum(threads_sum), max(threads_max), sum(memory_sum),"
            + " max(memory_max), sum(tasks_sum), max(tasks_max), sum(gpu_workers_sum), max(gpu_workers_max),"
            + " sum(gpu_samples), sum(gpu_utilization_sum)"
            + " FROM usage_minutes WHERE bucket >= ? AND bucket < ? GROUP BY 1, 2, 3" + UPDATE_ALL;

    private RollupSql() {
    }

    static Optional<Instant> watermark(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT rolled_until FROM usage_rollup_watermarks WHERE name = ?")) {
            select.setString(1, WATERMARK);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getObject(1, OffsetDateTime.class).toInstant()) : Optional.empty();
            }
        }
    }

    static Optional<Instant> oldestSample(Connection connection) {
        try (PreparedStatement select = connection.prepareStatement("SELECT min(at) FROM usage_samples");
             ResultSet row = select.executeQuery()) {
            OffsetDateTime oldest = row.next() ? row.getObject(1, OffsetDateTime.class) : null;
            return Optional.ofNullable(oldest).map(OffsetDateTime::toInstant);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static void minutesFromSamples(Connection connection, Instant from, Instant until) throws SQLException {
        window(connection, MINUTES, from, until);
    }

    static void hoursFromMinutes(Connection connection, Instant from, Instant until) throws SQLException {
        window(connection, HOURS, from, until);
    }

    static void setWatermark(Connection connection, Instant until) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO usage_rollup_watermarks"
                + " (name, rolled_until) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET rolled_until ="
                + " greatest(usage_rollup_watermarks.rolled_until, excluded.rolled_until)")) {
            upsert.setString(1, WATERMARK);
            upsert.setObject(2, utc(until));
            upsert.executeUpdate();
        }
    }

    static long deleteSamplesBefore(Connection connection, Instant before) throws SQLException {
        long total = 0;
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM usage_samples WHERE ctid IN"
                + " (SELECT ctid FROM usage_samples WHERE at < ? LIMIT " + DELETE_BATCH + ")")) {
            delete.setObject(1, utc(before));
            int deleted;
            do {
                deleted = delete.executeUpdate();
                total += deleted;
            } while (deleted == DELETE_BATCH);
        }
        return total;
    }

    private static void window(Connection connection, String sql, Instant from, Instant until) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, utc(from));
            statement.setObject(2, utc(until));
            statement.executeUpdate();
        }
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
