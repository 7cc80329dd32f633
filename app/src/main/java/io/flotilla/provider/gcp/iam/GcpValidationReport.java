package io.flotilla.provider.gcp.iam;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * What {@link GcpPermissionValidator} found in one project: who the appliance is there, each permission of the
 * ongoing role Google confirmed or not, and why the check could not run at all when it could not.
 */
@Serdeable
@Schema(name = "GcpValidationReport")
public record GcpValidationReport(
        @Schema(description = "True when Google confirmed every permission of the ongoing role") boolean ok,
        @Schema(description = "When the check ran") Instant checkedAt,
        @Schema(description = "The service account the appliance acts as, when the credentials say") @Nullable String identity,
        @Schema(description = "The project checked") String projectId,
        @Schema(description = "Why the check could not run (API disabled, credentials refused, ...); null when it ran") @Nullable String error,
        @Schema(description = "Each permission of the ongoing role, in the role's order") List<Check> checks,
        @Schema(description = "Permissions Google did not confirm, sorted: add them to the appliance's role") List<String> missing,
        @Schema(description = "Permissions a test on the project cannot show, and why") List<Untested> untested) {

    public GcpValidationReport {
        checks = List.copyOf(checks);
        missing = List.copyOf(missing);
        untested = List.copyOf(untested);
    }

    /** One permission and Google's answer. */
    @Serdeable
    @Schema(name = "GcpPermissionCheck")
    public record Check(String permission, boolean ok, String detail) {
    }

    /** A permission the project-level test cannot confirm, and why. */
    @Serdeable
    @Schema(name = "GcpUntestedPermission")
    public record Untested(String permission, String reason) {
    }
}
