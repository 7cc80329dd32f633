package io.flotilla.provider.gcp;

import com.google.api.gax.core.BackgroundResource;
import com.google.api.gax.httpjson.InstantiatingHttpJsonChannelProvider;
import com.google.api.gax.rpc.ClientSettings;
import com.google.cloud.compute.v1.AcceleratorTypesClient;
import com.google.cloud.compute.v1.AcceleratorTypesSettings;
import com.google.cloud.compute.v1.FirewallsClient;
import com.google.cloud.compute.v1.NetworksClient;
import com.google.cloud.compute.v1.NetworksSettings;
import com.google.cloud.compute.v1.RegionOperationsClient;
import com.google.cloud.compute.v1.RegionOperationsSettings;
import com.google.cloud.compute.v1.SubnetworksClient;
import com.google.cloud.compute.v1.SubnetworksSettings;
import com.google.cloud.compute.v1.FirewallsSettings;
import com.google.cloud.compute.v1.GlobalOperationsClient;
import com.google.cloud.compute.v1.GlobalOperationsSettings;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.InstancesSettings;
import com.google.cloud.compute.v1.MachineTypesClient;
import com.google.cloud.compute.v1.MachineTypesSettings;
import com.google.cloud.compute.v1.ZoneOperationsClient;
import com.google.cloud.compute.v1.ZoneOperationsSettings;
import com.google.cloud.compute.v1.ZonesClient;
import com.google.cloud.compute.v1.ZonesSettings;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds (and keeps, per account key) the Compute Engine clients of an account, with the
 * account's endpoint override and credentials. A {@link GcpCallListener} bean, when there is one, observes every
 * call the clients send (including the operation polls of the same clients).
 */
@Singleton
public class GcpClients {
    private final GcpCallListener listener;
    private final Map<ClientKey, Built> clients = new ConcurrentHashMap<>();

    /** @param listener observes every call (tests), or null */
    @Inject
    public GcpClients(@Nullable GcpCallListener listener) {
        this.listener = listener;
    }

    /** Clients without a listener. */
    public GcpClients() {
        this(null);
    }

    public InstancesClient instances(GcpAccountContext account) {
        return cached(InstancesClient.class, account, () -> InstancesClient.create(
                configure(InstancesSettings.newBuilder(), InstancesSettings.defaultHttpJsonTransportProviderBuilder(), account).build()));
    }

    public NetworksClient networks(GcpAccountContext account) {
        return cached(NetworksClient.class, account, () -> NetworksClient.create(
                configure(NetworksSettings.newBuilder(), NetworksSettings.defaultHttpJsonTransportProviderBuilder(), account).build()));
    }

    public SubnetworksClient subnetworks(GcpAccountContext account) {
        return cached(SubnetworksClient.class, account, () -> SubnetworksClient.create(
                configure(SubnetworksSettings.newBuilder(), SubnetworksSettings.defaultHttpJsonTransportProviderBuilder(), account).build()));
    }

    public RegionOperationsClient regionOperations(GcpAccountContext account) {
        return cached(RegionOperationsClient.class, account, () -> RegionOperationsClient.create(
                configure(RegionOperationsSettings.newBuilder(), RegionOperationsSettings.defaultHttpJsonTransportProviderBuilder(), account).build()));
    }

    public FirewallsClient firewalls(GcpAccountContext account) {
        return cached(FirewallsClient.class, account, () -> FirewallsClient.create(
                configure(FirewallsSettings.newBuilder(), FirewallsSettings.defaultHttpJsonTransportProviderBuilder(), account).build()));
    }

    public ZoneOperationsClient zoneOperations(GcpAccountContext account) {
        return cached(ZoneOperationsClient.class, account, () -> ZoneOperationsClient.create(
                configure(ZoneOperationsSettings.newBuilder(), ZoneOperationsSettings.defaultHttpJsonTransportProviderBuilder(), account).build()));
    }

    public GlobalOperationsClient globalOperations(GcpAccountContext account) {
        return cached(GlobalOperationsClient.class, account, () -> GlobalOperationsClient.create(
                configure(GlobalOperationsSettings.newBuilder(), GlobalOperationsSettings.defaultHttpJsonTransportProviderBuilder(), account).build()));
    }

    public MachineTypesClient machineTypes(GcpAccountContext account) {
        return cached(MachineTypesClient.class, account, () -> MachineTypesClient.create(
                configure(MachineTypesSettings.newBuilder(), MachineTypesSettings.defaultHttpJsonTransportProviderBuilder(), account).build()));
    }

    public AcceleratorTypesClient acceleratorTypes(GcpAccountContext account) {
        return cached(AcceleratorTypesClient.class, account, () -> AcceleratorTypesClient.create(
                configure(AcceleratorTypesSettings.newBuilder(), AcceleratorTypesSettings.defaultHttpJsonTransportProviderBuilder(), account).build()));
    }

    public ZonesClient zones(GcpAccountContext account) {
        return cached(ZonesClient.class, account, () -> ZonesClient.create(
                configure(ZonesSettings.newBuilder(), ZonesSettings.defaultHttpJsonTransportProviderBuilder(), account).build()));
    }

    private <S extends ClientSettings<S>, B extends ClientSettings.Builder<S, B>> B configure(
            B builder, InstantiatingHttpJsonChannelProvider.Builder transport, GcpAccountContext account) {
        builder.setCredentialsProvider(account.credentials());
        if (listener != null) {
            GcpCallInterceptor interceptor = new GcpCallInterceptor(listener);
            transport.setInterceptorProvider(() -> List.of(interceptor));
        }
        builder.setTransportChannelProvider(transport.build());
        if (account.computeEndpoint() != null) {
            builder.setEndpoint(account.computeEndpoint());
        }
        return builder;
    }

    /**
     * The account's client of this type, built on first use and kept; rebuilt (the old one closed) when the account's
     * endpoint or credentials changed, so that a re-registered account does not pile up clients.
     */
    private <C extends BackgroundResource> C cached(Class<C> type, GcpAccountContext account, ClientFactory<C> factory) {
        Built built = clients.compute(new ClientKey(type, account.key()), (key, existing) -> {
            if (existing != null && existing.credentials() == account.credentials()
                    && java.util.Objects.equals(existing.endpoint(), account.computeEndpoint())) {
                return existing;
            }
            if (existing != null) {
                closeQuietly(existing.client());
            }
            try {
                return new Built(factory.create(), account.computeEndpoint(), account.credentials());
            } catch (IOException e) {
                throw new UncheckedIOException("Could not build the Compute Engine client " + type.getSimpleName(), e);
            }
        });
        return type.cast(built.client());
    }

    @FunctionalInterface
    private interface ClientFactory<C> {
        C create() throws IOException;
    }

    private record ClientKey(Class<?> type, String accountKey) {
    }

    private record Built(BackgroundResource client, String endpoint, Object credentials) {
    }

    @PreDestroy
    public void close() {
        clients.values().forEach(built -> closeQuietly(built.client()));
        clients.clear();
    }

    private static void closeQuietly(BackgroundResource client) {
        try {
            client.close();
        } catch (Exception e) {
            // closing a client that is no longer used; nothing to do
        }
    }
}
