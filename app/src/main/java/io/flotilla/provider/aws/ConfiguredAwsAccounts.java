package io.flotilla.provider.aws;

import io.flotilla.cluster.Cluster;
import io.flotilla.error.ServiceException;
import jakarta.inject.Singleton;

import java.util.List;

/** The default account only: {@code flotilla.aws.*} with the appliance's own credentials. */
@Singleton
public class ConfiguredAwsAccounts implements AwsAccounts {
    private final AwsProviderConfig config;
    private final AwsClients clients;

    public ConfiguredAwsAccounts(AwsProviderConfig config, AwsClients clients) {
        this.config = config;
        this.clients = clients;
    }

    @Override
    public AwsAccountContext forCluster(Cluster cluster) {
        if (!config.isEnabled()) {
            throw ServiceException.unavailable("provider_not_configured", "AWS is not configured on this appliance.", null);
        }
        return AwsAccountContext.fromConfig(config, clients.defaultCredentials());
    }

    @Override
    public List<AwsAccountContext> all() {
        return config.isEnabled() ? List.of(AwsAccountContext.fromConfig(config, clients.defaultCredentials())) : List.of();
    }
}
