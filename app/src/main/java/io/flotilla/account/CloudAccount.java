package io.flotilla.account;

import io.flotilla.provider.account.CloudAccountRef;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A cloud account clusters run in: the fields every provider has (provider, region, credential mode, subnets,
 * allowed addresses, log retention) and the provider's own settings as a JSON object of strings, which that
 * provider's {@link io.flotilla.provider.account.AccountSupport} wrote and reads. Secrets (access keys, a
 * service-account key) are never in this row; they live in the secret store under {@link CloudAccountSecrets}.
 */
@MappedEntity("cloud_accounts")
public record CloudAccount(@Id UUID id, String name, String provider, String region, String credentialMode,
                           @TypeDef(type = DataType.STRING, converter = SettingsConverter.class) Map<String, String> settings,
                           String subnetIds, String allowedCidrs,
                           int logRetentionDays, Instant createdAt, String createdBy, Instant updatedAt,
                           @Nullable Instant validatedAt, @Nullable Boolean validationOk,
                           @Nullable String validationSummary) {

    public CloudAccount {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /** One provider setting, or null. */
    @Nullable
    public String setting(String key) {
        return settings.get(key);
    }

    /** The subnets as a list (stored comma-separated). */
    public List<String> subnetList() {
        return split(subnetIds);
    }

    /** The allowed CIDRs as a list (stored comma-separated). */
    public List<String> cidrList() {
        return split(allowedCidrs);
    }

    /** The account as providers see it. */
    public CloudAccountRef ref() {
        return new CloudAccountRef(id, name, provider, region, credentialMode, settings, subnetList(), cidrList(),
                logRetentionDays, updatedAt);
    }

    /** A copy with the outcome of a validation. */
    public CloudAccount withValidation(Instant at, boolean ok, String summary) {
        return new CloudAccount(id, name, provider, region, credentialMode, settings, subnetIds, allowedCidrs,
                logRetentionDays, createdAt, createdBy, updatedAt, at, ok, summary);
    }

    /** A copy with new subnets and settings merged in (e.g. after the network was created). */
    public CloudAccount withNetwork(List<String> subnets, Map<String, String> changedSettings, Instant at) {
        Map<String, String> merged = new java.util.TreeMap<>(settings);
        merged.putAll(changedSettings);
        return new CloudAccount(id, name, provider, region, credentialMode, merged, String.join(",", subnets),
                allowedCidrs, logRetentionDays, createdAt, createdBy, at, validatedAt, validationOk, validationSummary);
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isBlank() ? List.of() : Arrays.stream(joined.split(",")).map(String::trim).toList();
    }
}
