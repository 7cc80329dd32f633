package io.flotilla.provider.account;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A registered cloud account as providers see it: a plain value, never a database row. What only one provider
 * has (an AWS role ARN, a GCP project) is in {@link #settings()}, which that provider's {@link AccountSupport}
 * wrote and reads; secrets are never here (see {@link CloudAccountDirectory#secret(UUID)}).
 *
 * @param id               the account's id
 * @param name             its display name
 * @param provider         the provider id, e.g. {@code aws}, {@code gcp}
 * @param region           the default region clusters run in
 * @param credentialMode   how the appliance gets credentials there, in the provider's words (e.g. {@code assume_role})
 * @param settings         the provider's own settings (strings; lists comma-separated)
 * @param subnets          the subnets (AWS subnet ids, GCP subnetwork names) clusters start in; empty: the default
 * @param allowedCidrs     addresses allowed to reach schedulers; empty: the network's own
 * @param logRetentionDays days the cloud's log service keeps cluster logs
 * @param version          when the account last changed (credential caches are kept per version)
 */
public record CloudAccountRef(UUID id, String name, String provider, String region, String credentialMode,
                              Map<String, String> settings, List<String> subnets, List<String> allowedCidrs,
                              int logRetentionDays, Instant version) {
    public CloudAccountRef {
        settings = Map.copyOf(settings);
        subnets = List.copyOf(subnets);
        allowedCidrs = List.copyOf(allowedCidrs);
    }

    /** One provider setting, or null. */
    public String setting(String key) {
        return settings.get(key);
    }

    /** A comma-separated provider setting as a list (empty when absent). */
    public List<String> settingList(String key) {
        String value = settings.get(key);
        return value == null || value.isBlank() ? List.of()
                : java.util.Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }
}
