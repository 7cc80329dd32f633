package io.flotilla.environment;

import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The short transactions of the build engine: claim, heartbeat, finish, hand back. */
@Singleton
public class BuildClaims {
    private final EnvironmentBuildRepository builds;
    private final ClusterSoftwareRepository clusterSoftware;
    private final BuildSettings settings;
    private final ApplicationEventPublisher<EnvironmentBuildFinished> finished;
    private final Clock clock;

    public BuildClaims(EnvironmentBuildRepository builds, ClusterSoftwareRepository clusterSoftware, BuildSettings settings,
                       ApplicationEventPublisher<EnvironmentBuildFinished> finished, Clock clock) {
        this.builds = builds;
        this.clusterSoftware = clusterSoftware;
        this.settings = settings;
        this.finished = finished;
        this.clock = clock;
    }

    /** Takes the next queued build, or one whose replica stopped renewing its heartbeat (skipping rows others hold). */
    @Transactional
    public Optional<EnvironmentBuild> claim() {
        return builds.lockNextRunnable(clock.instant().minus(settings.getStaleAfter()))
                .map(build -> builds.update(build.claimed(clock.instant())));
    }

    @Transactional
    public void heartbeat(UUID buildId) {
        builds.heartbeat(buildId, clock.instant());
    }

    /** Records the outcome of attempt {@code attempt}, unless another replica took the build over meanwhile. */
    @Transactional
    public boolean finish(EnvironmentBuild claimed, java.util.function.UnaryOperator<EnvironmentBuild> outcome) {
        EnvironmentBuild current = builds.lock(claimed.id()).orElse(null);
        if (current == null || current.state() != BuildState.BUILDING || current.attempts() != claimed.attempts()) {
            return false;
        }
        builds.update(outcome.apply(current));
        List<UUID> waiting = List.copyOf(clusterSoftware.activeClusterIds(claimed.id()));
        if (!waiting.isEmpty()) {
            finished.publishEvent(new EnvironmentBuildFinished(claimed.id(), waiting));
        }
        return true;
    }

    /** The appliance is stopping: the build goes back to the queue, for the next start (or another replica) to resume. */
    @Transactional
    public void handBack(EnvironmentBuild claimed) {
        builds.lock(claimed.id()).filter(b -> b.state() == BuildState.BUILDING && b.attempts() == claimed.attempts())
                .ifPresent(b -> builds.update(new EnvironmentBuild(b.id(), b.workspaceId(), b.specHash(), b.spec(), b.builder(),
                        BuildState.QUEUED, null, null, null, b.attempts() - 1, null, b.createdAt(), b.startedAt(), null)));
    }
}
