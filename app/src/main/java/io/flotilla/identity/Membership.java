package io.flotilla.identity;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** That a user belongs to a workspace, and with which role. */
@MappedEntity("memberships")
public record Membership(@Id UUID id, UUID workspaceId, UUID userId, Role role, Instant createdAt) {
    public Membership withRole(Role newRole) {
        return new Membership(id, workspaceId, userId, newRole, createdAt);
    }
}
