package io.flotilla.provider.aws;

import io.flotilla.provider.AccountScopedProviders;
import io.flotilla.provider.ComputeProvider;
import io.flotilla.provider.ProviderCapabilities;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.UUID;

/** The {@code aws} provider of each AWS account: a cluster's instances run in the account its workspace is bound to. */
@Singleton
public class Ec2AccountProviders implements AccountScopedProviders {
    private final AwsAccounts accounts;
    private final Ec2Providers providers;

    public Ec2AccountProviders(AwsAccounts accounts, Ec2Providers providers) {
        this.accounts = accounts;
        this.providers = providers;
    }

    @Override
    public String providerId() {
        return Ec2ComputeProvider.ID;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return Ec2ComputeProvider.CAPABILITIES;
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
