package io.flotilla.usage.samples;

import io.flotilla.tasks.PeriodicJob;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Rolls raw heartbeat samples up into {@code usage_minutes} and {@code usage_hours}, then deletes raw samples older
 * than {@code flotilla.usage.raw-retention}. Each run recomputes whole buckets from their source (minutes from raw
 * samples, hours from minutes) and upserts them, from a little before the watermark to a little before now, so
 * re-running a window writes the same rows and a sample that arrives up to {@link #OVERLAP} late is still counted.
 * Raw samples are only deleted once they are rolled up.
 */
@Singleton
public class UsageRollup implements PeriodicJob {
    /** How far before the watermark each run recomputes minutes (late samples). */
    static final Duration OVERLAP = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(UsageRollup.class);
    private final DataSource dataSource;
    private final RollupSettings settings;
    private final Duration lag;
    private final Clock clock;

    public UsageRollup(DataSource dataSource, RollupSettings settings, SampleSettings samples, Clock clock) {
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
        this.settings = settings;
        this.lag = samples.getFlushInterval().multipliedBy(2).plusSeconds(5);
        this.clock = clock;
    }

    @Override
    public String name() {
        return "usage-rollup";
    }

    @Override
    public Duration interval() {
        return settings.getRollupInterval();
    }

    @Override
    public void run() {
        try {
            rollUp();
            long deleted = deleteExpired();
            if (deleted > 0) {
                LOG.info("Deleted {} raw usage samples older than {}", deleted, settings.getRawRetention());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The usage rollup failed: " + e.getMessage(), e);
        }
    }

    /** Rolls up every complete minute up to a little before now; returns the new watermark, if any. */
    Optional<Instant> rollUp() throws SQLException {
        Instant until = clock.instant().minus(lag).truncatedTo(ChronoUnit.MINUTES);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Optional<Instant> from = RollupSql.watermark(connection).map(mark -> mark.minus(OVERLAP))
                        .or(() -> RollupSql.oldestSample(connection));
                if (from.isEmpty() || !from.get().isBefore(until)) {
                    connection.rollback();
                    return Optional.empty();
                }
                Instant start = from.get().truncatedTo(ChronoUnit.MINUTES);
                RollupSql.minutesFromSamples(connection, start, until);
                RollupSql.hoursFromMinutes(connection, start.truncatedTo(ChronoUnit.HOURS),
                        until.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1)));
                RollupSql.setWatermark(connection, until);
                connection.commit();
                return Optional.of(until);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** Deletes raw samples past the retention that are already rolled up; returns how many. */
    long deleteExpired() throws SQLException {
        Instant expired = clock.instant().minus(settings.getRawRetention());
        try (Connection connection = dataSource.getConnection()) {
            Optional<Instant> mark = RollupSql.watermark(connection);
            if (mark.isEmpty()) {
                return 0;
            }
            Instant rolled = mark.get().minus(OVERLAP);
            return RollupSql.deleteSamplesBefore(connection, expired.isBefore(rolled) ? expired : rolled);
        }
    }
}
