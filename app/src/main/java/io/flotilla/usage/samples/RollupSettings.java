package io.flotilla.usage.samples;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * How raw heartbeat samples are rolled up and kept ({@code flotilla.usage.raw-retention},
 * {@code flotilla.usage.rollup-interval}). Minute and hour aggregates are kept; raw samples only for the retention.
 */
@ConfigurationProperties("flotilla.usage")
public class RollupSettings {
    /** The shortest retention: the rollup re-reads the last minutes of raw samples, so they must still be there. */
    static final Duration MINIMUM_RETENTION = Duration.ofMinutes(10);
    /** How long raw heartbeat samples are kept (aggregates stay). Env: FLOTILLA_USAGE_RAW_RETENTION. */
    private Duration rawRetention = Duration.ofDays(7);
    /** How often raw samples are rolled up into minutes and hours. Env: FLOTILLA_USAGE_ROLLUP_INTERVAL. */
    private Duration rollupInterval = Duration.ofSeconds(30);

    public Duration getRawRetention() {
        return rawRetention;
    }

    public void setRawRetention(Duration rawRetention) {
        if (rawRetention == null || rawRetention.compareTo(MINIMUM_RETENTION) < 0) {
            throw new IllegalArgumentException("flotilla.usage.raw-retention must be at least " + MINIMUM_RETENTION
                    + ", not " + rawRetention);
        }
        this.rawRetention = rawRetention;
    }

    public Duration getRollupInterval() {
        return rollupInterval;
    }

    public void setRollupInterval(Duration rollupInterval) {
        if (rollupInterval == null || rollupInterval.isNegative() || rollupInterval.isZero()) {
            throw new IllegalArgumentException("flotilla.usage.rollup-interval must be a positive duration");
        }
        this.rollupInterval = rollupInterval;
    }
}
