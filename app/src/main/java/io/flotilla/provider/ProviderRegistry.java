package io.flotilla.provider;

import io.flotilla.error.ServiceException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Providers by id: every enabled {@link ComputeProvider} bean registers itself under its
 * {@link ComputeProvider#id()}, and providers that run in several cloud accounts
 * ({@link AccountScopedProviders}) answer for their clusters by the cluster's account.
 */
@Singleton
public class ProviderRegistry {
    /** The provider of clusters whose workspace is bound to no cloud account. */
    public static final String DEFAULT_PROVIDER = "local";
    private final Map<String, ComputeProvider> providers = new TreeMap<>();
    private final Map<String, AccountScopedProviders> scoped = new TreeMap<>();

    public ProviderRegistry(Collection<ComputeProvider> providers, Collection<AccountScopedProviders> scoped) {
        for (ComputeProvider provider : providers) {
            ComputeProvider previous = this.providers.put(provider.id(), provider);
            if (previous != null) {
                throw new IllegalStateException("two compute providers claim the id '" + provider.id() + "'");
            }
        }
        scoped.forEach(family -> this.scoped.put(family.providerId(), family));
    }

    /** The provider with this id (not account-scoped); UNAVAILABLE when it is not configured on this appliance. */
    public ComputeProvider get(String id) {
        ComputeProvider provider = providers.get(id);
        if (provider == null) {
            throw ServiceException.unavailable("provider_not_configured",
                    "The compute provider '" + id + "' is not configured on this appliance.", null);
        }
        return provider;
    }

    /**
     * The provider that runs a cluster's instances: by its provider id, in its cloud account if it has one.
     *
     * @param providerId     the cluster's provider, e.g. {@code aws}
     * @param cloudAccountId the cluster's cloud account, or null (the provider's default account, or a provider
     *                       without accounts such as {@code local})
     */
    public ComputeProvider forAccount(String providerId, @Nullable UUID cloudAccountId) {
        AccountScopedProviders family = scoped.get(providerId);
        return family != null ? family.forAccount(cloudAccountId) : get(providerId);
    }

    /** What the provider with this id can do; UNAVAILABLE when it is not configured on this appliance. */
    public ProviderCapabilities capabilities(String id) {
        AccountScopedProviders family = scoped.get(id);
        return family != null ? family.capabilities() : get(id).capabilities();
    }

    /** Whether clusters can be created with this provider id. */
    public boolean supports(String id) {
        return providers.containsKey(id) || scoped.containsKey(id);
    }

    /** Every provider instance to sweep: the plain ones and one per account of the account-scoped ones. */
    public List<ComputeProvider> everyProvider() {
        List<ComputeProvider> all = new ArrayList<>();
        providers.forEach((id, provider) -> {
            if (!scoped.containsKey(id)) {
                all.add(provider);
            }
        });
        scoped.values().forEach(family -> all.addAll(family.all()));
        return all;
    }

    /** Ids of the configured providers, sorted. */
    public Set<String> ids() {
        Set<String> ids = new TreeSet<>(providers.keySet());
        ids.addAll(scoped.keySet());
        return Collections.unmodifiableSet(ids);
    }
}
