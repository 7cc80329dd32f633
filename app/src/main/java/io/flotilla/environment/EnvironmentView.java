package io.flotilla.environment;

import io.flotilla.environment.builder.EnvironmentSpec;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/**
 * One version of an environment as users see it: its spec, and the state of the build it runs with
 * ({@code queued}, {@code building}, {@code ready}, {@code failed} with {@code failure}: the reason and the
 * installer's last lines).
 */
public record EnvironmentView(String name, int version, String specHash, String state, @Nullable String failure,
                              UUID buildId, EnvironmentSpec spec, String createdBy, Instant createdAt) {

    static EnvironmentView of(SoftwareEnvironment env, EnvironmentBuild build) {
        return new EnvironmentView(env.name(), env.version(), env.specHash(), build.state().id(), build.failure(),
                build.id(), SpecJson.read(build.spec()), env.createdBy(), env.createdAt());
    }

    /** pip, conda or container. */
    public String kind() {
        return spec.container() != null ? "container" : spec.conda() != null ? "conda" : "pip";
    }
}
