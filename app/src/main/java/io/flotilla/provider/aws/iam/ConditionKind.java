package io.flotilla.provider.aws.iam;

/** How a permission is narrowed beyond its resource ARNs; {@link IamPolicyDocuments} renders each kind. */
public enum ConditionKind {
    /** No condition: read-only calls, or calls scoped by resource name alone. */
    NONE,
    /**
     * Creation: the request must tag the new resource with {@code flotilla:appliance = <appliance id>}
     * ({@code aws:RequestTag}). On {@code ec2:CreateTags} it also requires {@code ec2:CreateAction} to be one of
     * the manifest's tagged EC2 creations, so tags can only be written while creating.
     */
    REQUEST_TAGGED,
    /** Change or destruction: the resource must carry {@code flotilla:appliance = <appliance id>} ({@code aws:ResourceTag}). */
    RESOURCE_TAGGED,
    /** {@code iam:PassRole} on the worker role only, and only to EC2 ({@code iam:PassedToService}). */
    PASS_ROLE_WORKER,
    /** {@code iam:PassRole} on Flotilla's roles only to CodeBuild ({@code iam:PassedToService}): the image build's service role. */
    PASS_ROLE_BUILD
}
