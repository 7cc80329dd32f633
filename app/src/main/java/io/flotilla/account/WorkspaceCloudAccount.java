package io.flotilla.account;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** The binding of a workspace to the cloud account its new clusters run in. */
@MappedEntity("workspace_cloud_accounts")
public record WorkspaceCloudAccount(@Id UUID workspaceId, UUID cloudAccountId, Instant boundAt, String boundBy) {
}
