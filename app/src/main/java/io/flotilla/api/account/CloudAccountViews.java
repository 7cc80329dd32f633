package io.flotilla.api.account;

import io.flotilla.account.CloudAccount;
import io.flotilla.account.CloudAccountChecks;
import io.flotilla.provider.account.CredentialsDescription;
import io.flotilla.provider.account.ValidationReport;
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
    @Schema(name = "CloudAccount", description = "A cloud account clusters run in; secrets (access keys, service-account keys) are never shown")
    public record CloudAccountView(String name, String provider, String region, CredentialsView credentials,
                                   @Schema(description = "Subnets clusters start in (aws: subnet ids; gcp: subnetworks)") List<String> subnetIds,
                                   List<String> allowedCidrs, @Nullable @Schema(description = "aws only") String instanceProfileArn,
                                   int logRetentionDays, Instant createdAt, String createdBy, @Nullable LastValidationView validation,
                                   List<String> workspaces,
                                   @Nullable @Schema(description = "gcp: the project") String project,
                                   @Schema(description = "gcp: the zones used, in order; empty: every zone of the region") List<String> zones,
                                   @Nullable @Schema(description = "gcp: the VPC network") String network,
                                   @Nullable @Schema(description = "gcp: the service account cluster instances run as") String workerServiceAccount) {
        public static CloudAccountView of(CloudAccount a, CredentialsDescription credentials, List<String> workspaces) {
            var ref = a.ref();
            return new CloudAccountView(a.name(), a.provider(), a.region(), CredentialsView.of(credentials), a.subnetList(), a.cidrList(),
                    a.setting("instanceProfileArn"), a.logRetentionDays(), a.createdAt(), a.createdBy(),
                    a.validatedAt() == null ? null : new LastValidationView(a.validatedAt(), Boolean.TRUE.equals(a.validationOk()),
                            a.validationSummary()), workspaces, a.setting("project"), ref.settingList("zones"), a.setting("network"),
                    a.setting("workerServiceAccount"));
        }
    }

    @Serdeable
    @Schema(name = "CloudAccountCredentialsView", description = "How the appliance gets credentials; long-lived keys (aws access_keys, gcp service_account_key) are discouraged")
    public record CredentialsView(String mode, @Nullable @Schema(description = "aws: the assumed role") String roleArn,
                                  @Nullable @Schema(description = "aws: the external id") String externalId,
                                  @Nullable @Schema(description = "aws: the first and last characters of the access key id") String accessKeyIdHint,
                                  boolean discouraged,
                                  @Nullable @Schema(description = "gcp: the impersonated service account, or the key's") String serviceAccount,
                                  @Nullable @Schema(description = "gcp: the id of the service-account key (never the key)") String keyIdHint,
                                  @Schema(description = "One line describing the credentials") String description) {
        static CredentialsView of(CredentialsDescription c) {
            return new CredentialsView(c.mode(), c.details().get("roleArn"), c.details().get("externalId"),
                    c.details().get("accessKeyIdHint"), c.discouraged(), c.details().get("serviceAccount"),
                    c.details().get("keyIdHint"), c.sentence());
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
