package io.flotilla.logs.gcp;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import io.flotilla.cluster.Cluster;
import io.flotilla.provider.gcp.GcpAccountContexts;
import io.micronaut.context.annotation.Primary;
import jakarta.inject.Singleton;

/**
 * The logs of a cluster are in its cloud account's project and read with that account's credentials (the
 * appliance's own service account, an impersonated one, or the account's key); a cluster without an account uses
 * the default one of {@code flotilla.gcp.*}. Against a plaintext loopback {@code flotilla.gcp.logging-endpoint}
 * (a local fake) no credentials are sent: a token never travels in the clear.
 */
@Singleton
@Primary
public class AccountCloudLoggingTarget implements CloudLoggingTarget {
    private final GcpAccountContexts accounts;
    private final CloudLoggingClients clients;

    public AccountCloudLoggingTarget(GcpAccountContexts accounts, CloudLoggingClients clients) {
        this.accounts = accounts;
        this.clients = clients;
    }

    @Override
    public String project(Cluster cluster) {
        return accounts.forAccount(cluster.cloudAccountId()).project();
    }

    @Override
    public CredentialsProvider credentials(Cluster cluster) {
        if (clients.endpoint() != null && CloudLoggingClients.loopback(clients.endpoint())) {
            return NoCredentialsProvider.create();
        }
        return accounts.forAccount(cluster.cloudAccountId()).credentials();
    }
}
