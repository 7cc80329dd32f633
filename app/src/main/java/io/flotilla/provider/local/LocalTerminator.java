package io.flotilla.provider.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Ends process groups the way a cloud stops a VM: SIGTERM to every group at once, a grace period for them
 * to exit, then SIGKILL to whatever is left.
 */
final class LocalTerminator {
    private static final Logger LOG = LoggerFactory.getLogger(LocalTerminator.class);
    private static final Duration AFTER_KILL = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 50;
    private final Duration grace;

    LocalTerminator(Duration grace) {
        this.grace = grace;
    }

    /** Which groups were sent SIGTERM, and which of them SIGKILL as well. */
    record Outcome(List<LocalProcessGroup> terminated, List<LocalProcessGroup> killed) {
    }

    Outcome terminate(List<LocalProcessGroup> groups) {
        List<LocalProcessGroup> alive = groups.stream().filter(LocalProcessGroup::anyAlive).toList();
        alive.forEach(group -> group.signal("TERM"));
        List<LocalProcessGroup> stubborn = waitForExit(alive, grace);
        if (stubborn.isEmpty()) {
            return new Outcome(alive, List.of());
        }
        stubborn.forEach(group -> group.signal("KILL"));
        List<LocalProcessGroup> unkillable = waitForExit(stubborn, AFTER_KILL);
        if (!unkillable.isEmpty()) {
            LOG.warn("{} local process group(s) still alive {} after SIGKILL", unkillable.size(), AFTER_KILL);
        }
        return new Outcome(alive, stubborn);
    }

    /** Waits until every group has exited or the time is up; returns the groups still alive. */
    private static List<LocalProcessGroup> waitForExit(List<LocalProcessGroup> groups, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<LocalProcessGroup> alive = groups;
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return alive;
            }
            alive = alive.stream().filter(LocalProcessGroup::anyAlive).toList();
        }
        return alive;
    }
}
