package io.flotilla.account;

import io.flotilla.cluster.Cluster;
import io.flotilla.error.ServiceException;
import io.flotilla.provider.aws.AwsAccountContext;
import io.flotilla.provider.aws.AwsAccounts;
import io.flotilla.provider.aws.AwsCredentialSources;
import io.flotilla.provider.aws.AwsProviderConfig;
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
public class CloudAccountContexts implements AwsAccounts {
    private final CloudAccountRepository accounts;
    private final CloudAccountSecrets secrets;
    private final AwsCredentialSources sources;
    private final AwsProviderConfig config;
    private final Map<UUID, Cached> credentials = new ConcurrentHashMap<>();

    private record Cached(Instant version, AwsCredentialsProvider provider) {
    }

    public CloudAccountContexts(CloudAccountRepository accounts, CloudAccountSecrets secrets, AwsCredentialSources sources,
                                AwsProviderConfig config) {
        this.accounts = accounts;
        this.secrets = secrets;
        this.sources = sources;
        this.config = config;
    }

    @Override
    public AwsAccountContext forCluster(Cluster cluster) {
        if (cluster.cloudAccountId() == null) {
            return defaultAccount();
        }
        CloudAccount account = accounts.findById(cluster.cloudAccountId()).orElseThrow(() -> ServiceException.unavailable(
                "cloud_account_missing", "The cloud account of cluster '" + cluster.name() + "' no longer exists.", null));
        return context(account);
    }

    @Override
    public AwsAccountContext forAccount(@Nullable UUID cloudAccountId) {
        if (cloudAccountId == null) {
            return defaultAccount();
        }
        CloudAccount account = accounts.findById(cloudAccountId)
                .filter(found -> "aws".equals(found.provider()))
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
        accounts.findByProvider("aws").forEach(account -> all.add(context(account)));
        return all;
    }

    /** The context of a registered AWS account. */
    public AwsAccountContext context(CloudAccount account) {
        return new AwsAccountContext(account.id().toString(), account.name(), account.region(), credentials(account),
                account.subnetList(), account.cidrList(), account.instanceProfileArn(), account.logRetentionDays());
    }

    private AwsAccountContext defaultAccount() {
        if (!config.isEnabled() || config.getRegion() == null) {
            throw ServiceException.unavailable("provider_not_configured",
                    "AWS is not configured on this appliance: register a cloud account and bind the workspace to it.", null);
        }
        return AwsAccountContext.fromConfig(config, sources.instanceRole());
    }

    private AwsCredentialsProvider credentials(CloudAccount account) {
        Cached cached = credentials.get(account.id());
        if (cached != null && cached.version().equals(account.updatedAt())) {
            return cached.provider();
        }
        AwsCredentialsProvider provider = switch (account.credentialMode()) {
            case INSTANCE_ROLE -> sources.instanceRole();
            case ASSUME_ROLE -> sources.assumeRole(account.roleArn(), account.externalId(), account.region());
            case ACCESS_KEYS -> {
                CloudAccountSecrets.AccessKeys keys = secrets.get(account.id()).orElseThrow(() -> ServiceException.unavailable(
                        "cloud_account_keys_missing", "The access keys of cloud account '" + account.name()
                                + "' are missing from the secret store; register the account again.", null));
                yield sources.accessKeys(keys.accessKeyId(), keys.secretAccessKey());
            }
        };
        credentials.put(account.id(), new Cached(account.updatedAt(), provider));
        return provider;
    }
}
