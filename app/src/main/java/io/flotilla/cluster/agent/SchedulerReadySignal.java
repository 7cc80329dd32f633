package io.flotilla.cluster.agent;

import io.flotilla.cluster.ClusterChanged;
import io.micronaut.transaction.annotation.TransactionalEventListener;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Wakes bootstrap requests that wait for their scheduler: every committed cluster change (the scheduler's
 * first heartbeat among them) wakes all waiters, which then look again. Waiters also look again every
 * {@link #RECHECK} on their own, for heartbeats that another appliance replica received.
 */
@Singleton
public class SchedulerReadySignal {
    /** The longest a waiter sleeps before looking again without a signal. */
    public static final Duration RECHECK = Duration.ofMillis(500);
    private final Object monitor = new Object();
    private long generation;

    @TransactionalEventListener(TransactionalEventListener.TransactionPhase.AFTER_COMMIT)
    void onClusterChanged(ClusterChanged event) {
        synchronized (monitor) {
            generation++;
            monitor.notifyAll();
        }
    }

    /** Sleeps until the next committed cluster change, at most {@code max} (and at most {@link #RECHECK}). */
    public void awaitChange(Duration max) throws InterruptedException {
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
