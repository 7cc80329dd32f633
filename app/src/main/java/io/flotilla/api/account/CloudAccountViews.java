package io.flotilla.api.account;

import io.flotilla.account.CloudAccount;
import io.flotilla.account.CloudAccountChecks;
import io.flotilla.account.CredentialMode;
import io.flotilla.provider.aws.iam.ValidationReport;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** Response and request bodies of the cloud account routes. No secret ever appears in a response. */
public final class CloudAccountViews {
    private CloudAccountViews() {
    }

    @Serdeable
    @Schema(name = "CloudAccount", description = "A cloud account clusters run in; access keys are shown only as a hint")
    public record CloudAccountView(String name, String provider, String region, CredentialsView credentials,
                                   List<String> subnetIds, List<String> allowedCidrs, @Nullable String instanceProfileArn,
                                   int logRetentionDays, Instant createdAt, String createdBy, @Nullable LastValidationView validation,
                                   List<String> workspaces) {
        public static CloudAccountView of(CloudAccount a, List<String> workspaces) {
            return new CloudAccountView(a.name(), a.provider(), a.region(), CredentialsView.of(a), a.subnetList(), a.cidrList(),
                    a.instanceProfileArn(), a.logRetentionDays(), a.createdAt(), a.createdBy(),
                    a.validatedAt() == null ? null : new LastValidationView(a.validatedAt(), Boolean.TRUE.equals(a.validationOk()),
                            a.validationSummary()), workspaces);
        }
    }

    @Serdeable
    @Schema(name = "CloudAccountCredentialsView", description = "How the appliance gets credentials; access_keys is discouraged (keys do not expire)")
    public record CredentialsView(String mode, @Nullable String roleArn, @Nullable String externalId,
                                  @Nullable String accessKeyIdHint, boolean discouraged) {
        static CredentialsView of(CloudAccount a) {
            return new CredentialsView(a.credentialMode().value(), a.roleArn(), a.externalId(), a.accessKeyHint(),
                    a.credentialMode() == CredentialMode.ACCESS_KEYS);
        }
    }

    @Serdeable
    @Schema(name = "CloudAccountValidationSummary")
    public record LastValidationView(Instant checkedAt, boolean ok, @Nullable String summary) {
    }

    @Serdeable
    @Schema(name = "CloudAccountValidation", description = "The outcome of a validation: a sentence, then each permission tried")
    public record ValidationView(String account, boolean ok, @Schema(description = "What to do, in one sentence") String message,
                                 Instant checkedAt, @Nullable String identityArn, @Nullable String accountId,
                                 @Nullable String error, List<ValidationReport.Check> checks, List<String> missing,
                                 List<ValidationReport.Untested> untested) {
        public static ValidationView of(String account, ValidationReport r) {
            return new ValidationView(account, r.ok(), CloudAccountChecks.summary(r), r.checkedAt(), r.identityArn(),
                    r.accountId(), r.error(), r.checks(), r.missing(), r.untested());
        }
    }

    @Serdeable
    @Schema(name = "CreateCloudAccountNetwork", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record NetworkRequest(@Nullable @Schema(description = "IPv4 range of a new VPC (default 10.64.0.0/16)") String cidr) {
    }

    @Serdeable
    @Schema(name = "BindCloudAccount", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record BindRequest(@Schema(description = "Name of a registered cloud account") String account,
                              @Nullable @Schema(description = "Addresses (CIDRs) allowed to reach this workspace's schedulers; empty: the account's")
                              List<String> allowedCidrs) {
    }

    @Serdeable
    @Schema(name = "WorkspaceCloudAccount", description = "The cloud account a workspace's new clusters run in")
    public record WorkspaceAccountView(String workspace, String account, String provider, String region,
                                       @Schema(description = "Addresses allowed to reach the workspace's schedulers")
                                       List<String> allowedCidrs,
                                       @Schema(description = "True when allowedCidrs are the workspace's own, false when they are the account's")
                                       boolean workspaceCidrs) {
        public static WorkspaceAccountView of(String workspace, CloudAccount a, List<String> workspaceCidrs) {
            return new WorkspaceAccountView(workspace, a.name(), a.provider(), a.region(),
                    workspaceCidrs.isEmpty() ? a.cidrList() : workspaceCidrs, !workspaceCidrs.isEmpty());
        }
    }
}
