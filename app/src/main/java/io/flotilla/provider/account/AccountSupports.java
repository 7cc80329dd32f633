package io.flotilla.provider.account;

import io.flotilla.error.ServiceException;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Every {@link AccountSupport} of this appliance, by provider id. */
@Singleton
public class AccountSupports {
    private final Map<String, AccountSupport> byProvider = new TreeMap<>();

    public AccountSupports(Collection<AccountSupport> supports) {
        supports.forEach(support -> byProvider.put(support.providerId(), support));
    }

    /** The providers accounts can be registered for, sorted. */
    public Set<String> providers() {
        return byProvider.keySet();
    }

    /** The support of this provider; 400 naming the providers otherwise. */
    public AccountSupport of(String provider) {
        AccountSupport support = provider == null ? null : byProvider.get(provider);
        if (support == null) {
            throw ServiceException.invalid("provider", "provider must be one of " + byProvider.keySet() + ".");
        }
        return support;
    }
}
