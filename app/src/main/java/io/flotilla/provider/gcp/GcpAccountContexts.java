package io.flotilla.provider.gcp;

import com.google.api.gax.core.CredentialsProvider;
import io.flotilla.error.ServiceException;
import io.flotilla.provider.account.CloudAccountDirectory;
import io.flotilla.provider.account.CloudAccountRef;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GCP projects from the registered cloud accounts (and the default one of {@code flotilla.gcp.*} for clusters
 * without an account). Credentials are kept per account version, so that an impersonated service account's token
 * is reused and refreshed by the library rather than minted for every call.
 */
@Singleton
public class GcpAccountContexts {
    private final CloudAccountDirectory accounts;
    private final GcpCredentialSources sources;
    private final GcpProviderConfig config;
    private final Map<UUID, Cached> credentials = new ConcurrentHashMap<>();

    private record Cached(Instant version, CredentialsProvider provider) {
    }

    public GcpAccountContexts(CloudAccountDirectory accounts, GcpCredentialSources sources, GcpProviderConfig config) {
        this.accounts = accounts;
        this.sources = sources;
        this.config = config;
    }

    /** A registered GCP account by id, or the default one for null; ServiceException when it is gone or not configured. */
    public GcpAccountContext forAccount(@Nullable UUID cloudAccountId) {
        if (cloudAccountId == null) {
            return defaultAccount();
        }
        CloudAccountRef account = accounts.find(cloudAccountId)
                .filter(found -> GcpAccountSettings.PROVIDER.equals(found.provider()))
                .orElseThrow(() -> ServiceException.unavailable("cloud_account_missing",
                        "The GCP cloud account " + cloudAccountId + " no longer exists.", null));
        return context(account);
    }

    /** Every GCP account this appliance launches into (the default one when configured, and each registered one). */
    public List<GcpAccountContext> all() {
        List<GcpAccountContext> all = new ArrayList<>();
        if (config.isEnabled() && config.getProject() != null && config.getRegion() != null) {
            all.add(defaultAccount());
        }
        accounts.ofProvider(GcpAccountSettings.PROVIDER).forEach(account -> all.add(context(account)));
        return all;
    }

    /** The context of a registered GCP account. */
    public GcpAccountContext context(CloudAccountRef account) {
        return new GcpAccountContext(account.id().toString(), account.name(), account.setting(GcpAccountSettings.PROJECT),
                account.region(), account.settingList(GcpAccountSettings.ZONES), credentials(account),
                account.setting(GcpAccountSettings.NETWORK), account.subnets(), account.allowedCidrs(),
                account.setting(GcpAccountSettings.WORKER_SERVICE_ACCOUNT), config.getComputeEndpoint());
    }

    private GcpAccountContext defaultAccount() {
        if (!config.isEnabled() || config.getProject() == null || config.getRegion() == null) {
            throw ServiceException.unavailable("provider_not_configured",
                    "GCP is not configured on this appliance: register a cloud account and bind the workspace to it.", null);
        }
        return GcpAccountContext.fromConfig(config, sources.attached(config.getComputeEndpoint()));
    }

    private CredentialsProvider credentials(CloudAccountRef account) {
        Cached cached = credentials.get(account.id());
        if (cached != null && cached.version().equals(account.version())) {
            return cached.provider();
        }
        CredentialsProvider provider = switch (GcpCredentialMode.parse(account.credentialMode())) {
            case ATTACHED_SERVICE_ACCOUNT -> sources.attached(config.getComputeEndpoint());
            case IMPERSONATE -> sources.impersonate(account.setting(GcpAccountSettings.SERVICE_ACCOUNT));
            case SERVICE_ACCOUNT_KEY -> {
                Map<String, String> secret = accounts.secret(account.id()).orElseThrow(() -> ServiceException.unavailable(
                        "cloud_account_keys_missing", "The service-account key of cloud account '" + account.name()
                                + "' is missing from the secret store; register the account again.", null));
                yield sources.key(secret.get(GcpAccountSettings.SECRET_KEY_JSON));
            }
        };
        credentials.put(account.id(), new Cached(account.version(), provider));
        return provider;
    }
}
