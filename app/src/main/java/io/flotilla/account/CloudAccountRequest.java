package io.flotilla.account;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * What an admin registers: a cloud account and how to reach it. Checked by {@link CloudAccountRules}.
 *
 * @param credentials how the appliance gets credentials there; secrets in it are stored in the secret store only
 */
@Serdeable
@Schema(name = "RegisterCloudAccount", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record CloudAccountRequest(
        @Schema(description = "Unique name: lowercase letters, digits and dashes") String name,
        @Schema(description = "Cloud provider; only 'aws' today") String provider,
        @Schema(description = "Default region, e.g. eu-central-1") String region,
        @Schema(description = "How the appliance gets credentials in the account") Credentials credentials,
        @Nullable @Schema(description = "Subnets clusters start in; empty: the default VPC (or create one with the network action)") List<String> subnetIds,
        @Nullable @Schema(description = "Addresses allowed to reach schedulers; empty: the network of the subnets") List<String> allowedCidrs,
        @Nullable @Schema(description = "Instance profile of the worker role (log writes, image pulls)") String instanceProfileArn,
        @Nullable @Schema(description = "Days CloudWatch keeps cluster logs (default 30)") Integer logRetentionDays) {

    /**
     * @param mode            {@code instance_role} (recommended when the appliance runs in the account),
     *                        {@code assume_role} (another account; needs roleArn and externalId) or
     *                        {@code access_keys} (discouraged; needs accessKeyId and secretAccessKey)
     */
    @Serdeable
    @Schema(name = "CloudAccountCredentials", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record Credentials(String mode, @Nullable String roleArn, @Nullable String externalId,
                              @Nullable String accessKeyId,
                              @Nullable @Schema(description = "Stored in the secret store; never shown again") String secretAccessKey) {
        @Override
        public String toString() {
            return "Credentials[mode=" + mode + ", roleArn=" + roleArn + ", secretAccessKey=(hidden)]";
        }
    }
}
