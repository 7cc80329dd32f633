package io.flotilla.provider.aws.iam;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * What {@link AwsPermissionValidator} found in one cloud account: who the appliance is there, each permission it
 * tried with a harmless call, which ones AWS refused, and which it could not try.
 */
@Serdeable
@Schema(name = "AwsValidationReport")
public record ValidationReport(
        @Schema(description = "True when the identity was confirmed and every tried permission was allowed") boolean ok,
        @Schema(description = "When the check ran") Instant checkedAt,
        @Schema(description = "The ARN the appliance acts as in the account (the assumed role's session)") @Nullable String identityArn,
        @Schema(description = "The AWS account id the credentials belong to") @Nullable String accountId,
        @Schema(description = "Why the credentials could not be used at all (e.g. a refused AssumeRole); null when they could")
        @Nullable String error,
        @Schema(description = "Each permission tried, in the order tried") List<Check> checks,
        @Schema(description = "Actions AWS refused, sorted: add them to the role's policy") List<String> missing,
        @Schema(description = "Actions of the ongoing policy that no harmless call can try, and why") List<Untested> untested) {

    public ValidationReport {
        checks = List.copyOf(checks);
        missing = List.copyOf(missing);
        untested = List.copyOf(untested);
    }

    /** How AWS answered one harmless call. */
    public enum Outcome {
        /** AWS allowed it (or answered {@code DryRunOperation}, or looked for the absent resource). */
        ALLOWED,
        /** AWS refused it: the permission is missing. */
        MISSING,
        /** Another answer that proves neither (throttling, a region without the service, ...); see the detail. */
        UNKNOWN
    }

    /**
     * One permission tried.
     *
     * @param action  {@code service:Action} as in the manifest
     * @param ok      true when allowed
     * @param outcome allowed, missing, or unknown
     * @param detail  what was called and what AWS answered, in one sentence
     */
    @Serdeable
    @Schema(name = "AwsPermissionCheck")
    public record Check(String action, boolean ok, Outcome outcome, String detail) {
    }

    /** An action of the ongoing policy no harmless call can try, and why. */
    @Serdeable
    @Schema(name = "AwsUntestedPermission")
    public record Untested(String action, String reason) {
    }
}
