package io.flotilla.environment;

import io.flotilla.environment.builder.BuildLog;
import io.flotilla.environment.builder.BuildRequest;
import io.flotilla.environment.builder.BuiltArtifact;
import io.flotilla.environment.builder.EnvironmentSpec;
import io.flotilla.environment.builder.ImageBuilder;
import io.flotilla.environment.builder.local.LocalImageBuilder;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The "local" builder of {@link BuildResumeTest}: it writes a line, then, while {@link #kills} is above zero, dies
 * the way a killed appliance does (an Error nobody handles: no outcome recorded, the heartbeat stops); else succeeds.
 */
@Singleton
@Replaces(LocalImageBuilder.class)
@Requires(property = "test.fault-injecting-builder", value = "true")
public class FaultInjectingBuilder implements ImageBuilder {
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger kills = new AtomicInteger();
    final AtomicInteger killed = new AtomicInteger();

    /** What a killed JVM leaves behind, thrown where the builder stands. */
    static final class ApplianceKilled extends Error {
        ApplianceKilled() {
            super("simulated: the appliance was killed mid-build");
        }
    }

    @Override
    public String id() {
        return "local";
    }

    @Override
    public void check(EnvironmentSpec spec) {
    }

    @Override
    public BuiltArtifact build(BuildRequest request, BuildLog log) {
        int call = calls.incrementAndGet();
        log.append("Resolved 3 packages (attempt " + call + ")");
        if (kills.getAndDecrement() > 0) {
            killed.incrementAndGet();
            throw new ApplianceKilled();
        }
        return new BuiltArtifact("venv", "/opt/fault-injected/" + request.buildId() + "/bin/python");
    }

    @Override
    public void delete(BuiltArtifact artifact) {
    }
}
