package io.flotilla.account;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A cloud account clusters run in: provider, region, how the appliance gets credentials there, and the
 * network settings its clusters get. Access keys are never in this row (only a hint like {@code AKIA…0001});
 * they live in the secret store under {@link CloudAccountSecrets}.
 */
@MappedEntity("cloud_accounts")
public record CloudAccount(@Id UUID id, String name, String provider, String region,
                           @TypeDef(type = DataType.STRING) CredentialMode credentialMode,
                           @Nullable String roleArn, @Nullable String externalId, @Nullable String accessKeyHint,
                           String subnetIds, String allowedCidrs, @Nullable String instanceProfileArn,
                           int logRetentionDays, Instant createdAt, String createdBy, Instant updatedAt,
                           @Nullable Instant validatedAt, @Nullable Boolean validationOk,
                           @Nullable String validationSummary) {

    /** The subnets as a list (stored comma-separated). */
    public List<String> subnetList() {
        return split(subnetIds);
    }

    /** The allowed CIDRs as a list (stored comma-separated). */
    public List<String> cidrList() {
        return split(allowedCidrs);
    }

    /** A copy with the outcome of a validation. */
    public CloudAccount withValidation(Instant at, boolean ok, String summary) {
        return new CloudAccount(id, name, provider, region, credentialMode, roleArn, externalId, accessKeyHint,
                subnetIds, allowedCidrs, instanceProfileArn, logRetentionDays, createdAt, createdBy, updatedAt,
                at, ok, summary);
    }

    /** A copy with new subnets (e.g. after the network was created). */
    public CloudAccount withSubnets(List<String> subnets, Instant at) {
        return new CloudAccount(id, name, provider, region, credentialMode, roleArn, externalId, accessKeyHint,
                String.join(",", subnets), allowedCidrs, instanceProfileArn, logRetentionDays, createdAt, createdBy, at,
                validatedAt, validationOk, validationSummary);
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isBlank() ? List.of() : Arrays.stream(joined.split(",")).map(String::trim).toList();
    }
}
