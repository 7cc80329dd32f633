package io.flotilla.provider.gcp;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.cloud.compute.v1.InstancesSettings;
import io.flotilla.provider.ApplianceId;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link GceComputeProvider} per GCP cloud account, made on first use and kept (by the account's key). When
 * {@code flotilla.gcp.enabled=true} the account configured by {@code flotilla.gcp.*} (Application Default
 * Credentials: the appliance's own service account) is also registered as the {@code gcp} provider.
 */
@Factory
public class GceProviders {
    private final GcpProviderConfig config;
    private final GcpClients clients;
    private final ApplianceId applianceId;
    private final Map<String, GceComputeProvider> byAccount = new ConcurrentHashMap<>();

    public GceProviders(GcpProviderConfig config, GcpClients clients, ApplianceId applianceId) {
        this.config = config;
        this.clients = clients;
        this.applianceId = applianceId;
    }

    /** The provider launching into this account. */
    public GceComputeProvider forAccount(GcpAccountContext account) {
        return byAccount.compute(account.key(), (key, existing) -> existing != null && existing.account().equals(account)
                ? existing : new GceComputeProvider(config, clients, applianceId::value, account));
    }

    /**
     * The appliance's own credentials for an endpoint: Application Default Credentials, or none for a plain-http
     * endpoint (a local fake: a token is never sent in the clear).
     */
    public static CredentialsProvider defaultCredentials(String computeEndpoint) {
        return computeEndpoint != null && computeEndpoint.startsWith("http://") ? NoCredentialsProvider.create()
                : InstancesSettings.defaultCredentialsProviderBuilder().build();
    }

    /** The {@code gcp} provider of the default account ({@code flotilla.gcp.*}). */
    @Singleton
    @Bean(typed = {GceComputeProvider.class, io.flotilla.provider.ComputeProvider.class})
    @Requires(property = "flotilla.gcp.enabled", value = "true")
    GceComputeProvider defaultAccountProvider() {
        return forAccount(GcpAccountContext.fromConfig(config, defaultCredentials(config.getComputeEndpoint())));
    }
}
