package io.flotilla.environment;

import io.flotilla.environment.builder.BuiltArtifact;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;

import java.time.Instant;
import java.util.UUID;

/**
 * One build of a canonical spec ({@code spec}, its SHA-256 {@code specHash}) in a workspace, by the builder of the
 * workspace's provider. Every version of every environment with that spec uses it; {@code heartbeatAt} is renewed
 * while a replica builds it, so a build whose appliance died is found and resumed ({@link BuildClaims}).
 */
@MappedEntity("environment_builds")
public record EnvironmentBuild(@Id UUID id, UUID workspaceId, String specHash, String spec, String builder,
                               @TypeDef(type = DataType.STRING) BuildState state, @Nullable String failure,
                               @Nullable String artifactKind, @Nullable String artifactReference, int attempts,
                               @Nullable Instant heartbeatAt, Instant createdAt, @Nullable Instant startedAt,
                               @Nullable Instant finishedAt) {

    /** A new build waiting for a builder. */
    public static EnvironmentBuild queued(UUID workspaceId, String specHash, String spec, String builder, Instant now) {
        return new EnvironmentBuild(UUID.randomUUID(), workspaceId, specHash, spec, builder, BuildState.QUEUED, null,
                null, null, 0, null, now, null, null);
    }

    /** What the build produced, once ready. */
    @Nullable
    public BuiltArtifact artifact() {
        return artifactKind == null || artifactReference == null ? null : new BuiltArtifact(artifactKind, artifactReference);
    }

    public EnvironmentBuild ready(BuiltArtifact artifact, Instant now) {
        return new EnvironmentBuild(id, workspaceId, specHash, spec, builder, BuildState.READY, null, artifact.kind(),
                artifact.reference(), attempts, heartbeatAt, createdAt, startedAt, now);
    }

    public EnvironmentBuild failed(String reason, Instant now) {
        return new EnvironmentBuild(id, workspaceId, specHash, spec, builder, BuildState.FAILED,
                reason.length() > 2048 ? reason.substring(0, 2045) + "..." : reason, null, null, attempts, heartbeatAt,
                createdAt, startedAt, now);
    }

    /** Taken by a replica: building, one more attempt, heartbeat now. */
    public EnvironmentBuild claimed(Instant now) {
        return new EnvironmentBuild(id, workspaceId, specHash, spec, builder, BuildState.BUILDING, null, null, null,
                attempts + 1, now, createdAt, startedAt == null ? now : startedAt, null);
    }
}
