package io.flotilla.provider.local;

import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The process group of one local instance: its leader (the agent, started with {@code setsid}, so its pid is
 * also the group and session id) and everything it spawned. A pid is only trusted together with the leader's
 * recorded start time, so a pid the OS has since given to another process is never signalled.
 */
final class LocalProcessGroup {
    private final long pgid;
    private final Instant leaderStart;

    LocalProcessGroup(long pgid, Instant leaderStart) {
        this.pgid = pgid;
        this.leaderStart = Objects.requireNonNull(leaderStart, "leaderStart");
    }

    /** True while the agent that was started for the instance still runs. */
    boolean leaderAlive() {
        return ProcStat.of(pgid).filter(ProcStat::running).isPresent() && leaderStartMatches();
    }

    /**
     * True while any process of the instance's group still runs, the leader or anything it left behind.
     * When the leader's pid now belongs to a different process, the old group was empty when the pid was
     * reused (Linux does not reuse a pid that is still a group id), so nothing of the instance remains.
     */
    boolean anyAlive() {
        if (leaderAlive()) {
            return true;
        }
        if (ProcStat.of(pgid).filter(ProcStat::running).isPresent()) {
            return false;
        }
        return ProcStat.groupMembers(pgid).stream().anyMatch(member -> member.session() == pgid && startedSinceLeader(member.pid()));
    }

    /** Sends {@code signal} (e.g. {@code TERM}, {@code KILL}) to the whole group at once, if it is still ours. */
    void signal(String signal) {
        if (!anyAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill to stop process group " + pgid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean leaderStartMatches() {
        return startOf(pgid).map(leaderStart::equals).orElse(false);
    }

    private boolean startedSinceLeader(long pid) {
        return startOf(pid).map(start -> !start.isBefore(leaderStart)).orElse(false);
    }

    private static Optional<Instant> startOf(long pid) {
        return ProcessHandle.of(pid).flatMap(handle -> handle.info().startInstant());
    }
}
