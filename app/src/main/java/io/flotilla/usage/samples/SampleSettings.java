package io.flotilla.usage.samples;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * The heartbeat sample buffer ({@code flotilla.usage.samples.*}). Samples wait in a bounded in-memory buffer and are
 * written in batches by their own thread; a full buffer drops new samples (counted in the
 * {@code flotilla.usage.samples.dropped} metric) instead of slowing the heartbeat down.
 */
@ConfigurationProperties("flotilla.usage.samples")
public class SampleSettings {
    /** Samples held in memory at most; past it new samples are dropped. Env: FLOTILLA_USAGE_SAMPLES_CAPACITY. */
    private int capacity = 100_000;
    /** A batch is written as soon as it holds this many samples. Env: FLOTILLA_USAGE_SAMPLES_BATCH_SIZE. */
    private int batchSize = 5_000;
    /** The longest a sample waits before it is written (what a crash can lose). Env: FLOTILLA_USAGE_SAMPLES_FLUSH_INTERVAL. */
    private Duration flushInterval = Duration.ofSeconds(1);

    public int getCapacity() {
        return capacity;
    }

    public void setCapacity(int capacity) {
        this.capacity = positive("capacity", capacity);
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = positive("batch-size", batchSize);
    }

    public Duration getFlushInterval() {
        return flushInterval;
    }

    public void setFlushInterval(Duration flushInterval) {
        if (flushInterval == null || flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("flotilla.usage.samples.flush-interval must be a positive duration");
        }
        this.flushInterval = flushInterval;
    }

    private static int positive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("flotilla.usage.samples." + key + " must be positive, not " + value);
        }
        return value;
    }
}
