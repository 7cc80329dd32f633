package io.flotilla.provider.aws;

import io.flotilla.error.ServiceException;
import io.flotilla.provider.account.CloudAccountDirectory;
import io.flotilla.provider.account.CloudAccountRef;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * AWS accounts from the registered cloud accounts (and the default one of {@code flotilla.aws.*} for clusters
 * without an account). Credentials providers are kept per account version, so an assumed role's session is
 * reused and refreshed by the SDK rather than assumed again for every call.
 */
@Singleton
public class AwsAccountContexts implements AwsAccounts {
    private final CloudAccountDirectory accounts;
    private final AwsCredentialSources sources;
    private final AwsProviderConfig config;
    private final Map<UUID, Cached> credentials = new ConcurrentHashMap<>();

    private record Cached(Instant version, AwsCredentialsProvider provider) {
    }

    public AwsAccountContexts(CloudAccountDirectory accounts, AwsCredentialSources sources, AwsProviderConfig config) {
        this.accounts = accounts;
        this.sources = sources;
        this.config = config;
    }

    @Override
    public AwsAccountContext forAccount(@Nullable UUID cloudAccountId) {
        if (cloudAccountId == null) {
            return defaultAccount();
        }
        CloudAccountRef account = accounts.find(cloudAccountId)
                .filter(found -> AwsAccountSettings.PROVIDER.equals(found.provider()))
                .orElseThrow(() -> ServiceException.unavailable("cloud_account_missing",
                        "The AWS cloud account " + cloudAccountId + " no longer exists.", null));
        return context(account);
    }

    @Override
    public List<AwsAccountContext> all() {
        List<AwsAccountContext> all = new ArrayList<>();
        if (config.isEnabled() && config.getRegion() != null) {
            all.add(defaultAccount());
        }
        accounts.ofProvider(AwsAccountSettings.PROVIDER).forEach(account -> all.add(context(account)));
        return all;
    }

    /** The context of a registered AWS account. */
    public AwsAccountContext context(CloudAccountRef account) {
        return new AwsAccountContext(account.id().toString(), account.name(), account.region(), credentials(account),
                account.subnets(), account.allowedCidrs(), account.setting(AwsAccountSettings.INSTANCE_PROFILE_ARN),
                account.logRetentionDays());
    }

    private AwsAccountContext defaultAccount() {
        if (!config.isEnabled() || config.getRegion() == null) {
            throw ServiceException.unavailable("provider_not_configured",
                    "AWS is not configured on this appliance: register a cloud account and bind the workspace to it.", null);
        }
        return AwsAccountContext.fromConfig(config, sources.instanceRole());
    }

    private AwsCredentialsProvider credentials(CloudAccountRef account) {
        Cached cached = credentials.get(account.id());
        if (cached != null && cached.version().equals(account.version())) {
            return cached.provider();
        }
        AwsCredentialsProvider provider = switch (AwsCredentialMode.parse(account.credentialMode())) {
            case INSTANCE_ROLE -> sources.instanceRole();
            case ASSUME_ROLE -> sources.assumeRole(account.setting(AwsAccountSettings.ROLE_ARN),
                    account.setting(AwsAccountSettings.EXTERNAL_ID), account.region());
            case ACCESS_KEYS -> {
                Map<String, String> keys = accounts.secret(account.id()).orElseThrow(() -> ServiceException.unavailable(
                        "cloud_account_keys_missing", "The access keys of cloud account '" + account.name()
                                + "' are missing from the secret store; register the account again.", null));
                yield sources.accessKeys(keys.get(AwsAccountSettings.SECRET_KEY_ID), keys.get(AwsAccountSettings.SECRET_ACCESS_KEY));
            }
        };
        credentials.put(account.id(), new Cached(account.version(), provider));
        return provider;
    }
}
