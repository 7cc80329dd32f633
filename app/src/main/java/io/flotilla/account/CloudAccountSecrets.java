package io.flotilla.account;

import io.flotilla.secrets.SecretPaths;
import io.flotilla.secrets.SecretStore;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The secret of an account whose credentials are long-lived (AWS access keys, a GCP service-account key), in the
 * secret store only; which values it holds is the provider's business.
 */
@Singleton
public class CloudAccountSecrets {
    private final SecretStore store;

    public CloudAccountSecrets(SecretStore store) {
        this.store = store;
    }

    public void put(UUID accountId, Map<String, String> secret) {
        store.put(path(accountId), secret);
    }

    /** The account's secret; also found where releases before provider-neutral accounts kept AWS keys. */
    public Optional<Map<String, String>> get(UUID accountId) {
        return store.get(path(accountId)).or(() -> store.get(legacyPath(accountId)));
    }

    public void delete(UUID accountId) {
        store.delete(path(accountId));
        store.delete(legacyPath(accountId));
    }

    private static String path(UUID accountId) {
        return SecretPaths.require("cloud-accounts/" + accountId + "/credentials");
    }

    private static String legacyPath(UUID accountId) {
        return SecretPaths.require("cloud-accounts/" + accountId + "/access-keys");
    }
}
