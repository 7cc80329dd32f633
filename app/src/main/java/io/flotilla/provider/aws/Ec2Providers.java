package io.flotilla.provider.aws;

import io.flotilla.provider.ApplianceId;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link Ec2ComputeProvider} per AWS cloud account, made on first use and kept (by the account's key).
 * When {@code flotilla.aws.enabled=true} the account configured by {@code flotilla.aws.*} (the appliance's
 * own credentials) is also registered as the {@code aws} provider.
 */
@Factory
public class Ec2Providers {
    private final AwsProviderConfig config;
    private final AwsClients clients;
    private final ApplianceId applianceId;
    private final Map<String, Ec2ComputeProvider> byAccount = new ConcurrentHashMap<>();

    public Ec2Providers(AwsProviderConfig config, AwsClients clients, ApplianceId applianceId) {
        this.config = config;
        this.clients = clients;
        this.applianceId = applianceId;
    }

    /** The provider launching into this account. */
    public Ec2ComputeProvider forAccount(AwsAccountContext account) {
        return byAccount.compute(account.key(), (key, existing) -> existing != null && existing.account().equals(account)
                ? existing : new Ec2ComputeProvider(config, clients, applianceId::value, account));
    }

    /** The {@code aws} provider of the default account ({@code flotilla.aws.*}, the appliance's own credentials). */
    @Singleton
    @Bean(typed = {Ec2ComputeProvider.class, io.flotilla.provider.ComputeProvider.class})
    @Requires(property = "flotilla.aws.enabled", value = "true")
    Ec2ComputeProvider defaultAccountProvider() {
        return forAccount(AwsAccountContext.fromConfig(config, clients.defaultCredentials()));
    }
}
