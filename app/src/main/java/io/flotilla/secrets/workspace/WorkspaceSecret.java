package io.flotilla.secrets.workspace;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** The metadata of one workspace secret. Its value lives only in the secret store. */
@MappedEntity("workspace_secrets")
public record WorkspaceSecret(@Id UUID id, UUID workspaceId, String name, Instant createdAt, Instant updatedAt,
                              String updatedBy) {

    WorkspaceSecret touched(Instant at, String by) {
        return new WorkspaceSecret(id, workspaceId, name, createdAt, at, by);
    }
}
