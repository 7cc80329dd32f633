package io.flotilla.environment;

import io.flotilla.identity.Caller;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Reads build logs, following them (long polling) while the build runs. */
@Singleton
public class EnvironmentLogs {
    static final int MAX_LINES = 5000;
    private final EnvironmentService environments;
    private final BuildLogFiles files;

    public EnvironmentLogs(EnvironmentService environments, BuildLogFiles files) {
        this.environments = environments;
        this.files = files;
    }

    /** Lines after {@code after}; with follow, waits up to {@code waitSeconds} for one while the build runs. */
    public BuildLogPage read(Caller caller, String workspace, String name, UUID buildId, int after, boolean follow,
                             int waitSeconds) throws InterruptedException {
        EnvironmentBuild build = environments.build(caller, workspace, name, buildId);
        long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
        List<String> lines = files.read(buildId, after, MAX_LINES);
        while (follow && lines.isEmpty() && !build.state().isFinished() && System.nanoTime() < deadline) {
            files.awaitMore(Math.min(1000, (deadline - System.nanoTime()) / 1_000_000));
            lines = files.read(buildId, after, MAX_LINES);
            build = environments.build(caller, workspace, name, buildId);
        }
        if (lines.isEmpty() && build.state().isFinished()) {
            lines = files.read(buildId, after, MAX_LINES); // the last lines written before the state changed
        }
        return new BuildLogPage(lines, after + lines.size(), build.state().id(), build.state().isFinished()
                && files.read(buildId, after + lines.size(), 1).isEmpty());
    }
}
