package io.flotilla.environment;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** One version of a named software environment of a workspace: its spec (by hash) and the build it runs. */
@MappedEntity("software_environments")
public record SoftwareEnvironment(@Id UUID id, UUID workspaceId, String name, int version, String specHash,
                                  UUID buildId, String createdBy, Instant createdAt) {

    public SoftwareEnvironment withBuild(UUID newBuildId) {
        return new SoftwareEnvironment(id, workspaceId, name, version, specHash, newBuildId, createdBy, createdAt);
    }
}
