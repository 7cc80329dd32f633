package io.flotilla.provider;

import io.flotilla.error.ServiceException;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Providers by id, chosen by configuration: every enabled {@link ComputeProvider} bean registers itself
 * under its {@link ComputeProvider#id()}; a workspace names the one it uses.
 */
@Singleton
public class ProviderRegistry {
    private final Map<String, ComputeProvider> providers = new TreeMap<>();

    public ProviderRegistry(Collection<ComputeProvider> providers) {
        for (ComputeProvider provider : providers) {
            ComputeProvider previous = this.providers.put(provider.id(), provider);
            if (previous != null) {
                throw new IllegalStateException("two compute providers claim the id '" + provider.id() + "'");
            }
        }
    }

    /** The provider with this id; UNAVAILABLE when it is not configured on this appliance. */
    public ComputeProvider get(String id) {
        ComputeProvider provider = providers.get(id);
        if (provider == null) {
            throw ServiceException.unavailable("provider_not_configured",
                    "The compute provider '" + id + "' is not configured on this appliance.", null);
        }
        return provider;
    }

    /** Ids of the configured providers, sorted. */
    public Set<String> ids() {
        return java.util.Collections.unmodifiableSet(providers.keySet());
    }
}
