package io.flotilla.api.provider;

import io.flotilla.api.error.DocumentedErrors;
import io.flotilla.identity.Caller;
import io.flotilla.provider.aws.iam.AwsPolicies;
import io.flotilla.provider.aws.iam.AwsPolicyService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The IAM documents that let this appliance work in an AWS account (printed by {@code flotilla setup aws}). */
@Controller("/api/v1/providers/aws")
@Tag(name = "providers")
@DocumentedErrors
public class AwsPolicyController {
    private final AwsPolicyService policies;

    public AwsPolicyController(AwsPolicyService policies) {
        this.policies = policies;
    }

    @Get("/policies")
    @Operation(summary = "IAM policies for an AWS account: setup, ongoing, worker role and trust (appliance admins)")
    public AwsPolicies policies(@Parameter(hidden = true) Caller caller,
                                @Parameter(description = "12-digit AWS account id (default: any account)") @QueryValue @Nullable String accountId,
                                @Parameter(description = "AWS region, e.g. eu-west-1 (default: any region)") @QueryValue @Nullable String region,
                                @Parameter(description = "Worker role name, starting with flotilla- (default: flotilla-worker)") @QueryValue @Nullable String workerRole,
                                @Parameter(description = "IAM role ARN the appliance runs as (default: the account's root)") @QueryValue @Nullable String principal) {
        return policies.policies(caller, accountId, region, workerRole, principal);
    }
}
