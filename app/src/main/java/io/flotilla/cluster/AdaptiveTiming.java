package io.flotilla.cluster;

import io.flotilla.error.ServiceException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Duration;
import java.util.UUID;

/**
 * How Dask's adaptive logic on a cluster's scheduler runs: every {@code intervalMillis} it compares the work queued
 * with {@code targetDurationMillis} (how long the queue may take with the workers there are), and it removes workers
 * only after {@code waitCount} intervals in a row asked for fewer. Set with {@code adapt(...)}; a cluster without a
 * row has {@link #defaults(UUID)}.
 */
@MappedEntity("cluster_adaptive_timing")
public record AdaptiveTiming(@Id UUID clusterId, long intervalMillis, long targetDurationMillis, int waitCount) {
    /** The appliance's defaults: Dask's own interval and target, scale-down after three intervals. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TARGET_DURATION = Duration.ofSeconds(5);
    public static final int DEFAULT_WAIT_COUNT = 3;
    /** Bounds (also the OpenAPI document's): interval 0.1 s to 10 min, target 1 s to 1 h, wait count 1 to 1000. */
    public static final String MIN_INTERVAL = "0.1";
    public static final String MAX_INTERVAL = "600";
    public static final String MIN_TARGET = "1";
    public static final String MAX_TARGET = "3600";
    public static final int MAX_WAIT_COUNT = 1000;

    /** The timing of a cluster that never chose one. */
    public static AdaptiveTiming defaults(UUID clusterId) {
        return new AdaptiveTiming(clusterId, DEFAULT_INTERVAL.toMillis(), DEFAULT_TARGET_DURATION.toMillis(), DEFAULT_WAIT_COUNT);
    }

    /** This timing with the values given (null keeps the current one), checked against the bounds: else a 400. */
    public AdaptiveTiming with(@Nullable Double intervalSeconds, @Nullable Double targetDurationSeconds, @Nullable Integer waits) {
        long interval = intervalSeconds == null ? intervalMillis : millis("interval", intervalSeconds, MIN_INTERVAL, MAX_INTERVAL);
        long target = targetDurationSeconds == null ? targetDurationMillis
                : millis("targetDuration", targetDurationSeconds, MIN_TARGET, MAX_TARGET);
        int count = waits == null ? waitCount : waits;
        if (count < 1 || count > MAX_WAIT_COUNT) {
            throw ServiceException.invalid("waitCount", "waitCount must be between 1 and " + MAX_WAIT_COUNT + ", not " + count + ".");
        }
        return new AdaptiveTiming(clusterId, interval, target, count);
    }

    /** "1500ms": a duration Dask parses. */
    public static String dask(long millis) {
        return millis + "ms";
    }

    private static long millis(String field, double seconds, String min, String max) {
        if (!(seconds >= Double.parseDouble(min) && seconds <= Double.parseDouble(max))) {
            throw ServiceException.invalid(field, field + " must be between " + min + " and " + max + " seconds, not " + seconds + ".");
        }
        return Math.round(seconds * 1000);
    }
}
