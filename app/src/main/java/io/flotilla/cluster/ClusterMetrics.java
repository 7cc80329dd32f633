package io.flotilla.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import java.util.EnumMap;
import java.util.Map;

/**
 * Cluster gauges for {@code /metrics}: clusters per engine status ({@code flotilla_clusters{status=...}}) and
 * workers connected across running clusters ({@code flotilla_cluster_workers_connected}), read from the
 * database at scrape time so that every replica reports the same numbers.
 */
@Singleton
public class ClusterMetrics implements MeterBinder {
    private final Provider<JdbcOperations> jdbc;

    /** The database is reached lazily: meter binders are applied while the data source itself is being built. */
    public ClusterMetrics(Provider<JdbcOperations> jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (ClusterStatus status : ClusterStatus.values()) {
            Gauge.builder("flotilla.clusters", this, m -> m.countsByStatus().getOrDefault(status, 0L))
                    .description("Clusters by engine status")
                    .tag("status", status.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry);
        }
        Gauge.builder("flotilla.cluster.workers.connected", this, ClusterMetrics::workersConnected)
                .description("Workers connected to the schedulers of running clusters, as last reported")
                .register(registry);
    }

    @Transactional(readOnly = true)
    Map<ClusterStatus, Long> countsByStatus() {
        return jdbc.get().prepareStatement("SELECT status, count(*) FROM clusters GROUP BY status", st -> {
            Map<ClusterStatus, Long> counts = new EnumMap<>(ClusterStatus.class);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    counts.put(ClusterStatus.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            return counts;
        });
    }

    @Transactional(readOnly = true)
    double workersConnected() {
        return jdbc.get().prepareStatement("SELECT coalesce(sum(workers_connected), 0) FROM clusters WHERE status = 'RUNNING'", st -> {
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getDouble(1);
            }
        });
    }
}
