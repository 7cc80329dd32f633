package io.flotilla.provider.aws.iam;

import io.flotilla.provider.ApplianceId;
import io.flotilla.identity.Caller;
import io.flotilla.identity.WorkspaceAccess;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/** Hands appliance administrators the IAM documents for an AWS account. Reads nothing from AWS, changes nothing. */
@Singleton
public class AwsPolicyService {
    private final ApplianceId applianceId;

    public AwsPolicyService(ApplianceId applianceId) {
        this.applianceId = applianceId;
    }

    /** The documents for {@code accountId} and {@code region} (any when null) and the worker role (default when null). */
    public AwsPolicies policies(Caller caller, @Nullable String accountId, @Nullable String region,
                                @Nullable String workerRole, @Nullable String principal) {
        WorkspaceAccess.requireApplianceAdmin(caller);
        return AwsPolicies.of(AwsTarget.of(applianceId.value(), accountId, region, workerRole, principal));
    }
}
