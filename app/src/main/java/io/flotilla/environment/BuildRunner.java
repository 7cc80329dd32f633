package io.flotilla.environment;

import io.flotilla.environment.builder.BuildFailedException;
import io.flotilla.environment.builder.BuildLog;
import io.flotilla.environment.builder.BuildRequest;
import io.flotilla.environment.builder.BuiltArtifact;
import io.flotilla.environment.builder.ImageBuilder;
import io.flotilla.environment.builder.PackageIndex;
import io.flotilla.environment.builder.WheelSource;
import io.flotilla.identity.WorkspaceRepository;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs builds on this replica: {@link #runAvailable} (the db-scheduler task "environment-builds") claims queued
 * builds, and builds left behind by a replica that died, while it has a free slot, and runs each on a thread of
 * its own, renewing the build's heartbeat meanwhile. A build interrupted more than
 * {@link BuildSettings#getMaxAttempts} times fails; an appliance that stops hands its builds back to the queue.
 */
@Singleton
public class BuildRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BuildRunner.class);
    private final BuildClaims claims;
    private final ImageBuilders builders;
    private final BuildLogFiles logs;
    private final PackageIndexSecrets indexes;
    private final WheelSource wheels;
    private final WorkspaceRepository workspaces;
    private final BuildSettings settings;
    private final Clock clock;
    private final Semaphore slots;
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "flotilla-environment-build");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "flotilla-environment-build-heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<UUID, EnvironmentBuild> running = new ConcurrentHashMap<>();
    private final AtomicInteger started = new AtomicInteger();
    private volatile boolean stopping;

    public BuildRunner(BuildClaims claims, ImageBuilders builders, BuildLogFiles logs, PackageIndexSecrets indexes,
                       WheelSource wheels, WorkspaceRepository workspaces, BuildSettings settings, Clock clock) {
        this.claims = claims;
        this.builders = builders;
        this.logs = logs;
        this.indexes = indexes;
        this.wheels = wheels;
        this.workspaces = workspaces;
        this.settings = settings;
        this.clock = clock;
        this.slots = new Semaphore(settings.getMaxConcurrentBuilds());
    }

    /** Claims and starts builds while slots are free; returns at once. */
    public void runAvailable() {
        while (!stopping && slots.tryAcquire()) {
            Optional<EnvironmentBuild> claimed;
            try {
                claimed = claims.claim();
            } catch (RuntimeException e) {
                slots.release();
                throw e;
            }
            if (claimed.isEmpty()) {
                slots.release();
                return;
            }
            EnvironmentBuild build = claimed.get();
            running.put(build.id(), build);
            started.incrementAndGet();
            workers.execute(() -> {
                try {
                    run(build);
                } finally {
                    running.remove(build.id());
                    slots.release();
                }
            });
        }
    }

    /** Builds this replica started since it began (resumptions count). */
    public int started() {
        return started.get();
    }

    private void run(EnvironmentBuild build) {
        PackageIndex index;
        try {
            index = indexes.forWorkspace(build.workspaceId()).orElse(null);
        } catch (RuntimeException e) {
            finish(build, "The workspace's package index settings could not be read: " + e.getMessage(), null);
            return;
        }
        SecretMask mask = SecretMask.of(index);
        BuildLog log = line -> logs.append(build.id(), mask.apply(line));
        if (build.attempts() > 1) {
            log.append("# resumed (attempt " + build.attempts() + "): the appliance running the previous attempt stopped");
        }
        if (build.attempts() > settings.getMaxAttempts()) {
            finish(build, "The build was interrupted " + (build.attempts() - 1) + " times (the appliance stopped while it ran).", mask);
            return;
        }
        long every = Math.max(1000, settings.getStaleAfter().toMillis() / 4);
        ScheduledFuture<?> beat = heartbeats.scheduleWithFixedDelay(() -> beat(build.id()), every, every, TimeUnit.MILLISECONDS);
        try {
            ImageBuilder builder = builders.byId(build.builder());
            String workspace = workspaces.findById(build.workspaceId()).map(w -> w.name()).orElse("unknown");
            BuildRequest request = new BuildRequest(build.id(), build.specHash(), SpecJson.read(build.spec()), workspace,
                    builders.cloudAccountOf(build.workspaceId()).orElse(null), index, wheels);
            log.append("# building with the " + builder.id() + " builder (attempt " + build.attempts() + ")");
            BuiltArtifact artifact = builder.build(request, log);
            log.append("# ready: " + artifact.kind() + " " + artifact.reference());
            claims.finish(build, b -> b.ready(artifact, clock.instant()));
        } catch (BuildFailedException e) {
            log.append("# failed: " + mask.apply(e.getMessage()));
            finish(build, e.getMessage(), mask);
        } catch (InterruptedException e) {
            if (stopping) {
                log.append("# the appliance is stopping; the build resumes on its next start");
                claims.handBack(build);
            } else {
                finish(build, "The build was interrupted.", mask);
            }
        } catch (RuntimeException e) {
            LOG.warn("Build {} failed in its builder: {}", build.id(), mask.apply(String.valueOf(e.getMessage())), e);
            log.append("# failed: " + mask.apply(String.valueOf(e.getMessage())));
            finish(build, "The builder failed: " + e.getMessage(), mask);
        } finally {
            beat.cancel(false);
        }
    }

    private void finish(EnvironmentBuild build, String reason, SecretMask mask) {
        String text = mask == null ? reason : mask.apply(reason);
        claims.finish(build, b -> b.failed(text, clock.instant()));
    }

    private void beat(UUID buildId) {
        try {
            claims.heartbeat(buildId);
        } catch (RuntimeException e) {
            LOG.debug("Heartbeat of build {} not written: {}", buildId, e.getMessage());
        }
    }

    /** Ends the builds of this replica and hands them back to the queue. */
    @PreDestroy
    void stop() throws InterruptedException {
        stopping = true;
        workers.shutdownNow();
        if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("Builds still running while the appliance stops: {}", running.keySet());
        }
        heartbeats.shutdownNow();
    }
}
