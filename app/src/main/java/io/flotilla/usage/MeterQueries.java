package io.flotilla.usage;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The SQL over {@code instance_meters}. An instance still running is metered up to {@code now} (the appliance
 * clock), so totals grow while it runs; every interval is clipped to the asked range and cut at UTC midnights.
 */
@Singleton
class MeterQueries {
    private static final String PIECES = """
            SELECT p.day, m.owner_id, u.username, m.cluster_id, c.name, m.provider, m.region, m.instance_type, m.purchase,
                   sum(p.seconds), sum(p.seconds * m.vcpus), sum(p.seconds * m.gpus)
            FROM instance_meters m
            JOIN clusters c ON c.id = m.cluster_id
            JOIN users u ON u.id = m.owner_id
            CROSS JOIN LATERAL (
                SELECT (d AT TIME ZONE 'UTC')::date AS day,
                       extract(epoch FROM least(coalesce(m.terminated_at, ?), ?, d + interval '1 day')
                                       - greatest(m.launched_at, ?, d)) AS seconds
                FROM generate_series(date_trunc('day', greatest(m.launched_at, ?), 'UTC'),
                                     least(coalesce(m.terminated_at, ?), ?), interval '1 day') AS d
            ) p
            WHERE m.workspace_id = ? AND m.launched_at < ? AND coalesce(m.terminated_at, ?) > ? AND p.seconds > 0
              AND (CAST(? AS uuid) IS NULL OR m.owner_id = ?) AND (CAST(? AS text) IS NULL OR c.name = ?)
            GROUP BY p.day, m.owner_id, u.username, m.cluster_id, c.name, m.provider, m.region, m.instance_type, m.purchase
            ORDER BY p.day, c.name
            """;
    private final JdbcOperations jdbc;

    MeterQueries(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** The workspace's metered pieces in [since, until), of one owner and/or cluster name when given. */
    List<MeteredPiece> pieces(UUID workspaceId, Instant since, Instant until, Instant now, @Nullable UUID ownerId,
                              @Nullable String clusterName) {
        Timestamp from = Timestamp.from(since);
        Timestamp to = Timestamp.from(until);
        Timestamp current = Timestamp.from(now);
        return jdbc.prepareStatement(PIECES, st -> {
            st.setTimestamp(1, current);
            st.setTimestamp(2, to);
            st.setTimestamp(3, from);
            st.setTimestamp(4, from);
            st.setTimestamp(5, current);
            st.setTimestamp(6, to);
            st.setObject(7, workspaceId);
            st.setTimestamp(8, to);
            st.setTimestamp(9, current);
            st.setTimestamp(10, from);
            st.setObject(11, ownerId);
            st.setObject(12, ownerId);
            st.setString(13, clusterName);
            st.setString(14, clusterName);
            List<MeteredPiece> pieces = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    pieces.add(new MeteredPiece(rs.getDate(1).toLocalDate(), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getObject(4, UUID.class), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            rs.getString(9), rs.getDouble(10), rs.getDouble(11), rs.getDouble(12)));
                }
            }
            return pieces;
        });
    }

    /** vCPU-seconds and GPU-seconds the workspace used in [since, now). */
    double[] workspaceSeconds(UUID workspaceId, Instant since, Instant now) {
        return jdbc.prepareStatement("""
                SELECT coalesce(sum(s * vcpus), 0), coalesce(sum(s * gpus), 0) FROM (
                    SELECT vcpus, gpus, extract(epoch FROM least(coalesce(terminated_at, ?), ?) - greatest(launched_at, ?)) AS s
                    FROM instance_meters WHERE workspace_id = ? AND launched_at < ? AND coalesce(terminated_at, ?) > ?
                ) t WHERE s > 0
                """, st -> {
            Timestamp from = Timestamp.from(since);
            Timestamp current = Timestamp.from(now);
            st.setTimestamp(1, current);
            st.setTimestamp(2, current);
            st.setTimestamp(3, from);
            st.setObject(4, workspaceId);
            st.setTimestamp(5, current);
            st.setTimestamp(6, current);
            st.setTimestamp(7, from);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new double[] {rs.getDouble(1), rs.getDouble(2)};
            }
        });
    }

    /** The cluster's metered pieces (all time, to now), as (type, purchase, region, provider) sums. */
    List<MeteredPiece> clusterPieces(UUID clusterId, Instant now) {
        return jdbc.prepareStatement("""
                SELECT m.provider, m.region, m.instance_type, m.purchase,
                       sum(s), sum(s * m.vcpus), sum(s * m.gpus) FROM (
                    SELECT *, greatest(0, extract(epoch FROM coalesce(terminated_at, ?) - launched_at)) AS s
                    FROM instance_meters WHERE cluster_id = ?
                ) m GROUP BY m.provider, m.region, m.instance_type, m.purchase
                """, st -> {
            st.setTimestamp(1, Timestamp.from(now));
            st.setObject(2, clusterId);
            List<MeteredPiece> pieces = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    pieces.add(new MeteredPiece(null, null, null, clusterId, null, rs.getString(1), rs.getString(2),
                            rs.getString(3), rs.getString(4), rs.getDouble(5), rs.getDouble(6), rs.getDouble(7)));
                }
            }
            return pieces;
        });
    }

    /** vCPUs of the cluster's instances running now. */
    int runningVcpusOfCluster(UUID clusterId) {
        return jdbc.prepareStatement("SELECT coalesce(sum(vcpus), 0) FROM instance_meters WHERE cluster_id = ?"
                + " AND terminated_at IS NULL", st -> {
            st.setObject(1, clusterId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** vCPUs of each of the clusters' instances running now, and the largest worker's vCPUs, per cluster. */
    java.util.Map<UUID, int[]> runningVcpus(UUID workspaceId) {
        return jdbc.prepareStatement("""
                SELECT cluster_id, coalesce(sum(vcpus) FILTER (WHERE terminated_at IS NULL), 0),
                       coalesce(max(vcpus) FILTER (WHERE role = 'WORKER'), 0),
                       coalesce(max(vcpus) FILTER (WHERE role = 'SCHEDULER'), 0)
                FROM instance_meters WHERE workspace_id = ? AND cluster_id IN
                    (SELECT id FROM clusters WHERE workspace_id = ? AND status NOT IN ('STOPPED', 'FAILED'))
                GROUP BY cluster_id
                """, st -> {
            st.setObject(1, workspaceId);
            st.setObject(2, workspaceId);
            java.util.Map<UUID, int[]> running = new java.util.HashMap<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    running.put(rs.getObject(1, UUID.class), new int[] {rs.getInt(2), rs.getInt(3), rs.getInt(4)});
                }
            }
            return running;
        });
    }

    /** The vCPUs the workspace's instances held at each point from since to until, every step. */
    List<CoresPoint> cores(UUID workspaceId, Instant since, Instant until, java.time.Duration step, Instant now) {
        return jdbc.prepareStatement("""
                SELECT t, coalesce(sum(m.vcpus), 0) FROM generate_series(CAST(? AS timestamptz), CAST(? AS timestamptz), ?::interval) t
                LEFT JOIN instance_meters m ON m.workspace_id = ? AND m.launched_at <= t AND coalesce(m.terminated_at, ?) > t
                GROUP BY t ORDER BY t
                """, st -> {
            st.setTimestamp(1, Timestamp.from(since));
            st.setTimestamp(2, Timestamp.from(until));
            st.setString(3, step.toSeconds() + " seconds");
            st.setObject(4, workspaceId);
            st.setTimestamp(5, Timestamp.from(now));
            List<CoresPoint> points = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    points.add(new CoresPoint(rs.getTimestamp(1).toInstant(), rs.getInt(2)));
                }
            }
            return points;
        });
    }

    /** Locks the workspace's row until the transaction ends: admissions of one workspace pass one at a time. */
    void lockWorkspace(UUID workspaceId) {
        jdbc.prepareStatement("SELECT id FROM workspaces WHERE id = ? FOR UPDATE", st -> {
            st.setObject(1, workspaceId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        });
    }
}
