package io.flotilla.account;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * What an admin registers: a cloud account and how to reach it. The common fields are checked by
 * {@link CloudAccountRules}; the provider's own (marked "aws" or "gcp") by that provider's
 * {@link io.flotilla.provider.account.AccountSupport}, which refuses the other provider's fields.
 *
 * @param credentials how the appliance gets credentials there; secrets in it are stored in the secret store only
 */
@Serdeable
@Schema(name = "RegisterCloudAccount", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record CloudAccountRequest(
        @Schema(description = "Unique name: lowercase letters, digits and dashes") String name,
        @Schema(description = "Cloud provider: 'aws' or 'gcp'") String provider,
        @Schema(description = "Default region, e.g. eu-central-1 (aws) or europe-west4 (gcp)") String region,
        @Schema(description = "How the appliance gets credentials in the account") Credentials credentials,
        @Nullable @Schema(description = "aws: subnets clusters start in; empty: the default VPC (or create one with the network action)") List<String> subnetIds,
        @Nullable @Schema(description = "Addresses allowed to reach schedulers; empty: the network of the subnets") List<String> allowedCidrs,
        @Nullable @Schema(description = "aws: instance profile of the worker role (log writes, image pulls)") String instanceProfileArn,
        @Nullable @Schema(description = "Days the cloud's log service keeps cluster logs (default 30; aws: one of CloudWatch's values)") Integer logRetentionDays,
        @Nullable @Schema(description = "gcp: the project clusters run in, e.g. acme-analytics") String project,
        @Nullable @Schema(description = "gcp: zones of the region to use, in order of preference; empty: every zone of the region") List<String> zones,
        @Nullable @Schema(description = "gcp: the VPC network clusters use (default 'default', or create one with the network action)") String network,
        @Nullable @Schema(description = "gcp: subnetworks of the region clusters start in; empty: the network's subnetwork in the region") List<String> subnetworks,
        @Nullable @Schema(description = "gcp: the service account cluster instances run as (log writes only), e.g. flotilla-worker@acme-analytics.iam.gserviceaccount.com") String workerServiceAccount) {

    /** An AWS registration (the fields AWS accounts have). */
    public CloudAccountRequest(String name, String provider, String region, Credentials credentials, List<String> subnetIds,
                               List<String> allowedCidrs, String instanceProfileArn, Integer logRetentionDays) {
        this(name, provider, region, credentials, subnetIds, allowedCidrs, instanceProfileArn, logRetentionDays,
                null, null, null, null, null);
    }

    /**
     * @param mode            aws: {@code instance_role} (recommended when the appliance runs in the account),
     *                        {@code assume_role} (another account; needs roleArn and externalId) or
     *                        {@code access_keys} (discouraged; needs accessKeyId and secretAccessKey);
     *                        gcp: {@code attached_service_account} (the appliance's own, from the metadata server or
     *                        workload identity: recommended), {@code impersonate} (another service account; needs
     *                        serviceAccount) or {@code service_account_key} (discouraged; needs keyJson)
     */
    @Serdeable
    @Schema(name = "CloudAccountCredentials", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record Credentials(String mode, @Nullable @Schema(description = "aws: the role to assume") String roleArn,
                              @Nullable @Schema(description = "aws: the external id the role's trust policy requires") String externalId,
                              @Nullable @Schema(description = "aws: access key id") String accessKeyId,
                              @Nullable @Schema(description = "aws: stored in the secret store; never shown again") String secretAccessKey,
                              @Nullable @Schema(description = "gcp: the service account to impersonate (iamcredentials generateAccessToken)") String serviceAccount,
                              @Nullable @Schema(description = "gcp: a service-account key file's JSON; stored in the secret store, never shown again") String keyJson) {

        /** AWS credentials. */
        public Credentials(String mode, String roleArn, String externalId, String accessKeyId, String secretAccessKey) {
            this(mode, roleArn, externalId, accessKeyId, secretAccessKey, null, null);
        }

        @Override
        public String toString() {
            return "Credentials[mode=" + mode + ", roleArn=" + roleArn + ", serviceAccount=" + serviceAccount
                    + ", secretAccessKey=(hidden), keyJson=(hidden)]";
        }
    }
}
