package io.flotilla.provider.aws.iam;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** The IAM documents an AWS administrator needs to let this appliance run clusters in an account. */
@Serdeable
@Schema(name = "AwsPolicies")
public record AwsPolicies(
        @Schema(description = "Permissions to create the network and the worker role, used once") PolicyDocument setup,
        @Schema(description = "Permissions of the role the appliance assumes every day") PolicyDocument ongoing,
        @Schema(description = "Permissions of the same role to build software environment images with CodeBuild"
                + " (a second document: attach both)") PolicyDocument imageBuilds,
        @Schema(description = "Inline policy of the worker role: log writes and pulls of Flotilla's images") PolicyDocument workerRole,
        @Schema(description = "Trust policy of the appliance's role, requiring the external id; absent when neither"
                + " accountId nor principal is given") @Nullable PolicyDocument trust,
        @Schema(description = "Trust policy of the worker role (EC2 instances assume it)") PolicyDocument workerRoleTrust,
        @Schema(description = "This appliance's id: the value of the flotilla:appliance tag") String applianceId,
        @Schema(description = "The sts:ExternalId the appliance presents when it assumes the role") String externalId,
        @Schema(description = "The worker role's name") String workerRoleName) {

    /** Every document for one target. */
    public static AwsPolicies of(AwsTarget target) {
        return new AwsPolicies(IamPolicyDocuments.setup(target), IamPolicyDocuments.ongoing(target),
                IamPolicyDocuments.imageBuilds(target),
                IamPolicyDocuments.workerRole(target), IamPolicyDocuments.trust(target),
                IamPolicyDocuments.workerRoleTrust(target), target.applianceId(), target.externalId(), target.workerRole());
    }
}
