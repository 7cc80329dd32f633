package io.flotilla.identity;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** A team's unit of tenancy: members, roles, and (later) its cloud account, clusters and budgets. */
@MappedEntity("workspaces")
public record Workspace(@Id UUID id, String name, @Nullable String description, Instant createdAt) {
}
