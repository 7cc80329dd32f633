package io.flotilla.provider.gcp.iam;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * A custom IAM role definition with the fields {@code gcloud iam roles create --file} reads ({@code title},
 * {@code description}, {@code stage}, {@code includedPermissions}) and the role id it is created under.
 */
@Serdeable
@Schema(name = "GcpCustomRole")
public record CustomRole(
        @Schema(description = "Role id in the project, e.g. flotilla_ongoing (projects/PROJECT/roles/ID)") String roleId,
        @Schema(description = "Title shown in the console") String title,
        @Schema(description = "What the role is for") String description,
        @Schema(description = "Launch stage: GA") String stage,
        @Schema(description = "The permissions, sorted") List<String> includedPermissions) {

    public CustomRole {
        includedPermissions = List.copyOf(includedPermissions);
    }
}
