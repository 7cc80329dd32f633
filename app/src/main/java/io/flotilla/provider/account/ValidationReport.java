package io.flotilla.provider.account;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * What a provider's permission check found in one cloud account: who the appliance is there, each permission it
 * tried (a harmless call on AWS, {@code testIamPermissions} on GCP), which ones the cloud refused, and which it
 * could not try.
 */
@Serdeable
@Schema(name = "AwsValidationReport")
public record ValidationReport(
        @Schema(description = "True when the identity was confirmed and every tried permission was allowed") boolean ok,
        @Schema(description = "When the check ran") Instant checkedAt,
        @Schema(description = "Who the appliance acts as in the account: an ARN on AWS (the assumed role's session), a service account on GCP") @Nullable String identityArn,
        @Schema(description = "The account the credentials belong to: an AWS account id, a GCP project") @Nullable String accountId,
        @Schema(description = "Why the credentials could not be used at all (e.g. a refused AssumeRole); null when they could")
        @Nullable String error,
        @Schema(description = "Each permission tried, in the order tried") List<Check> checks,
        @Schema(description = "Permissions the cloud refused, sorted: add them to the role") List<String> missing,
        @Schema(description = "Permissions of the ongoing role that could not be tried, and why") List<Untested> untested) {

    public ValidationReport {
        checks = List.copyOf(checks);
        missing = List.copyOf(missing);
        untested = List.copyOf(untested);
    }

    /** How the cloud answered one check. */
    public enum Outcome {
        /** The cloud allowed it (AWS: answered {@code DryRunOperation}, or looked for the absent resource). */
        ALLOWED,
        /** The cloud refused it: the permission is missing. */
        MISSING,
        /** Another answer that proves neither (throttling, a region without the service, ...); see the detail. */
        UNKNOWN
    }

    /**
     * One permission tried.
     *
     * @param action  the permission as in the manifest ({@code service:Action} on AWS, {@code service.resource.verb} on GCP)
     * @param ok      true when allowed
     * @param outcome allowed, missing, or unknown
     * @param detail  what was called and what the cloud answered, in one sentence
     */
    @Serdeable
    @Schema(name = "AwsPermissionCheck")
    public record Check(String action, boolean ok, Outcome outcome, String detail) {
    }

    /** A permission of the ongoing role that could not be tried, and why. */
    @Serdeable
    @Schema(name = "AwsUntestedPermission")
    public record Untested(String action, String reason) {
    }
}
