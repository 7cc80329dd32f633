package io.flotilla.usage.samples;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads a cluster's rolled-up activity (minute or hour buckets); raw samples not yet rolled up are not in it. */
@Singleton
public class ClusterActivity {
    /** The bucket size, and the longest range one query may cover in it. */
    public enum Resolution {
        MINUTE("usage_minutes", Duration.ofDays(7)), HOUR("usage_hours", Duration.ofDays(366));

        private final String table;
        private final Duration longestRange;

        Resolution(String table, Duration longestRange) {
            this.table = table;
            this.longestRange = longestRange;
        }

        public Duration longestRange() {
            return longestRange;
        }
    }

    private final DataSource dataSource;

    public ClusterActivity(DataSource dataSource) {
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    }

    /** The buckets starting in [since, until), oldest first. */
    public List<ActivityBucket> of(UUID clusterId, Resolution resolution, Instant since, Instant until) {
        String sql = "SELECT bucket, samples, workers_sum, workers_max, threads_sum, threads_max, memory_sum, memory_max,"
                + " tasks_sum, tasks_max, gpu_workers_sum, gpu_workers_max, gpu_samples, gpu_utilization_sum FROM "
                + resolution.table + " WHERE cluster_id = ? AND bucket >= ? AND bucket < ? ORDER BY bucket";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            select.setObject(1, clusterId);
            select.setObject(2, since.atOffset(ZoneOffset.UTC));
            select.setObject(3, until.atOffset(ZoneOffset.UTC));
            List<ActivityBucket> buckets = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    double n = row.getInt(2);
                    int gpuSamples = row.getInt(13);
                    buckets.add(new ActivityBucket(row.getObject(1, OffsetDateTime.class).toInstant(), row.getInt(2),
                            row.getLong(3) / n, row.getInt(4), row.getLong(5) / n, row.getInt(6),
                            row.getBigDecimal(7).doubleValue() / n, row.getLong(8), row.getLong(9) / n, row.getInt(10),
                            row.getLong(11) / n, row.getInt(12), gpuSamples == 0 ? null : row.getDouble(14) / gpuSamples));
                }
            }
            return buckets;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the activity of cluster " + clusterId, e);
        }
    }
}
