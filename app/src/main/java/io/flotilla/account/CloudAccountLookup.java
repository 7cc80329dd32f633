package io.flotilla.account;

import io.flotilla.provider.account.CloudAccountDirectory;
import io.flotilla.provider.account.CloudAccountRef;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The registered accounts as providers see them: plain values from the repository and the secret store. */
@Singleton
public class CloudAccountLookup implements CloudAccountDirectory {
    private final CloudAccountRepository accounts;
    private final CloudAccountSecrets secrets;

    public CloudAccountLookup(CloudAccountRepository accounts, CloudAccountSecrets secrets) {
        this.accounts = accounts;
        this.secrets = secrets;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<CloudAccountRef> find(UUID id) {
        return accounts.findById(id).map(CloudAccount::ref);
    }

    @Override
    @Transactional(readOnly = true)
    public List<CloudAccountRef> ofProvider(String provider) {
        return accounts.findByProvider(provider).stream().map(CloudAccount::ref).toList();
    }

    @Override
    public Optional<Map<String, String>> secret(UUID id) {
        return secrets.get(id);
    }
}
