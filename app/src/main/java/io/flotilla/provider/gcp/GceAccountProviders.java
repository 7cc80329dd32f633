package io.flotilla.provider.gcp;

import io.flotilla.provider.AccountScopedProviders;
import io.flotilla.provider.ComputeProvider;
import io.flotilla.provider.ProviderCapabilities;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.UUID;

/** The {@code gcp} provider of each GCP project: a cluster's instances run in the account its workspace is bound to. */
@Singleton
public class GceAccountProviders implements AccountScopedProviders {
    private final GcpAccountContexts accounts;
    private final GceProviders providers;

    public GceAccountProviders(GcpAccountContexts accounts, GceProviders providers) {
        this.accounts = accounts;
        this.providers = providers;
    }

    @Override
    public String providerId() {
        return GceComputeProvider.ID;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return GceComputeProvider.CAPABILITIES;
    }

    @Override
    public ComputeProvider forAccount(@Nullable UUID cloudAccountId) {
        return providers.forAccount(accounts.forAccount(cloudAccountId));
    }

    @Override
    public List<ComputeProvider> all() {
        return accounts.all().stream().map(account -> (ComputeProvider) providers.forAccount(account)).toList();
    }
}
