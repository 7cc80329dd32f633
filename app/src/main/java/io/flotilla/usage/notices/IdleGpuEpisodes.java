package io.flotilla.usage.notices;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The GPU workers that idle now (table {@code idle_gpu_episodes}), written only when an episode starts, is notified
 * or ends, so that any replica receiving a cluster's next heartbeat continues the same episode. Runs inside the
 * caller's (heartbeat's) transaction, or in its own.
 */
@Singleton
@Transactional
public class IdleGpuEpisodes {
    private final JdbcOperations jdbc;

    public IdleGpuEpisodes(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** A worker idle since then; notified at that time, or null while its notice is not due yet. */
    public record Episode(Instant idleSince, @Nullable Instant notifiedAt) {
    }

    /** The cluster's open episodes by worker name. */
    public Map<String, Episode> of(UUID clusterId) {
        return jdbc.prepareStatement("SELECT worker, idle_since, notified_at FROM idle_gpu_episodes WHERE cluster_id = ?",
                st -> {
                    st.setObject(1, clusterId);
                    Map<String, Episode> open = new HashMap<>();
                    try (var rows = st.executeQuery()) {
                        while (rows.next()) {
                            Timestamp notified = rows.getTimestamp(3);
                            open.put(rows.getString(1), new Episode(rows.getTimestamp(2).toInstant(),
                                    notified == null ? null : notified.toInstant()));
                        }
                    }
                    return open;
                });
    }

    /** Starts an episode (nothing when one is open already). */
    public void start(UUID clusterId, String worker, Instant at) {
        jdbc.prepareStatement("INSERT INTO idle_gpu_episodes (cluster_id, worker, idle_since) VALUES (?, ?, ?)"
                + " ON CONFLICT DO NOTHING", st -> {
            st.setObject(1, clusterId);
            st.setString(2, worker);
            st.setTimestamp(3, Timestamp.from(at.truncatedTo(ChronoUnit.MICROS))); // stored exactly (PostgreSQL keeps micros)
            return st.executeUpdate();
        });
    }

    /** Marks the episode notified; true only for the one caller that did (its notice is sent exactly once). */
    public boolean markNotified(UUID clusterId, String worker, Instant at) {
        return jdbc.prepareStatement("UPDATE idle_gpu_episodes SET notified_at = ? WHERE cluster_id = ? AND worker = ?"
                + " AND notified_at IS NULL", st -> {
            st.setTimestamp(1, Timestamp.from(at.truncatedTo(ChronoUnit.MICROS)));
            st.setObject(2, clusterId);
            st.setString(3, worker);
            return st.executeUpdate() == 1;
        });
    }

    /** Ends the workers' episodes (busy again, or gone). */
    public void end(UUID clusterId, Collection<String> workers) {
        if (workers.isEmpty()) {
            return;
        }
        jdbc.prepareStatement("DELETE FROM idle_gpu_episodes WHERE cluster_id = ? AND worker = ANY (?)", st -> {
            st.setObject(1, clusterId);
            st.setArray(2, st.getConnection().createArrayOf("varchar", workers.toArray()));
            return st.executeUpdate();
        });
    }
}
