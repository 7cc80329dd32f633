package io.flotilla.account;

import io.flotilla.secrets.SecretPaths;
import io.flotilla.secrets.SecretStore;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The access keys of {@link CredentialMode#ACCESS_KEYS} accounts, in the secret store only. */
@Singleton
public class CloudAccountSecrets {
    private static final String KEY_ID = "accessKeyId";
    private static final String SECRET = "secretAccessKey";
    private final SecretStore store;

    public CloudAccountSecrets(SecretStore store) {
        this.store = store;
    }

    /** An access key pair. */
    public record AccessKeys(String accessKeyId, String secretAccessKey) {
        @Override
        public String toString() {
            return "AccessKeys[accessKeyId=" + CloudAccountSecrets.hint(accessKeyId) + ", secretAccessKey=(secret)]";
        }
    }

    public void put(UUID accountId, AccessKeys keys) {
        store.put(path(accountId), Map.of(KEY_ID, keys.accessKeyId(), SECRET, keys.secretAccessKey()));
    }

    public Optional<AccessKeys> get(UUID accountId) {
        return store.get(path(accountId)).map(data -> new AccessKeys(data.get(KEY_ID), data.get(SECRET)));
    }

    public void delete(UUID accountId) {
        store.delete(path(accountId));
    }

    /** What may be shown of an access key id: its first four and last four characters. */
    public static String hint(String accessKeyId) {
        if (accessKeyId == null || accessKeyId.length() < 8) {
            return "(hidden)";
        }
        return accessKeyId.substring(0, 4) + "…" + accessKeyId.substring(accessKeyId.length() - 4);
    }

    private static String path(UUID accountId) {
        return SecretPaths.require("cloud-accounts/" + accountId + "/access-keys");
    }
}
