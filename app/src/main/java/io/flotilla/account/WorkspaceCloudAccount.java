package io.flotilla.account;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The binding of a workspace to the cloud account its new clusters run in, with the addresses allowed to reach
 * the workspace's schedulers (comma-separated; null: the account's own setting).
 */
@MappedEntity("workspace_cloud_accounts")
public record WorkspaceCloudAccount(@Id UUID workspaceId, UUID cloudAccountId, Instant boundAt, String boundBy,
                                    @Nullable String allowedCidrs) {

    /** The workspace's allowed CIDRs; empty: the account's. */
    public List<String> cidrList() {
        return allowedCidrs == null || allowedCidrs.isBlank() ? List.of()
                : Arrays.stream(allowedCidrs.split(",")).map(String::trim).toList();
    }
}
