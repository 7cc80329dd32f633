package io.flotilla.cluster;

import io.micronaut.transaction.annotation.TransactionalEventListener;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Wakes requests that wait for a cluster to change: bootstrap requests of workers whose scheduler has not
 * reported yet, and GETs that wait for a cluster to leave a state. Every committed cluster change (a
 * create, scale or stop, the scheduler's first heartbeat, any state transition) wakes all waiters, which then
 * look again. Waiters also look again every {@link #RECHECK} on their own, for changes that another appliance
 * replica committed.
 */
@Singleton
public class ClusterChangeSignal {
    /** The longest a waiter sleeps before looking again without a signal. */
    public static final Duration RECHECK = Duration.ofMillis(500);
    private final Object monitor = new Object();
    private long generation;

    @TransactionalEventListener(TransactionalEventListener.TransactionPhase.AFTER_COMMIT)
    void onClusterChanged(ClusterChanged event) {
        wakeAll();
    }

    @TransactionalEventListener(TransactionalEventListener.TransactionPhase.AFTER_COMMIT)
    void onStateChanged(ClusterStateChanged event) {
        wakeAll();
    }

    private void wakeAll() {
        synchronized (monitor) {
            generation++;
            monitor.notifyAll();
        }
    }

    /**
     * Calls {@code look} until {@code settled} accepts its answer, calling it again after each committed cluster
     * change (or {@link #RECHECK}); after {@code max} returns the last answer, settled or not.
     */
    public <T> T lookUntil(Duration max, Supplier<T> look, Predicate<T> settled) throws InterruptedException {
        Instant deadline = Instant.now().plus(max);
        T answer = look.get();
        while (!settled.test(answer)) {
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative() || left.isZero()) {
                return answer;
            }
            awaitChange(left);
            answer = look.get();
        }
        return answer;
    }

    /** Sleeps until the next committed cluster change, at most {@code max} (and at most {@link #RECHECK}). */
    void awaitChange(Duration max) throws InterruptedException {
        long millis = Math.max(1, Math.min(max.toMillis(), RECHECK.toMillis()));
        synchronized (monitor) {
            long seen = generation;
            long deadline = System.currentTimeMillis() + millis;
            while (generation == seen) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return;
                }
                monitor.wait(left);
            }
        }
    }
}
