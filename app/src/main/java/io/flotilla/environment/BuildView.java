package io.flotilla.environment;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/** A build as users see it. */
public record BuildView(UUID id, String specHash, String builder, String state, @Nullable String failure, int attempts,
                        @Nullable String artifact, Instant createdAt, @Nullable Instant startedAt,
                        @Nullable Instant finishedAt) {

    static BuildView of(EnvironmentBuild b) {
        return new BuildView(b.id(), b.specHash(), b.builder(), b.state().id(), b.failure(), b.attempts(),
                b.artifactReference(), b.createdAt(), b.startedAt(), b.finishedAt());
    }
}
