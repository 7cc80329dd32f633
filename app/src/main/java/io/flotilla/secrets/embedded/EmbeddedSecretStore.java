package io.flotilla.secrets.embedded;

import io.flotilla.secrets.SecretPaths;
import io.flotilla.secrets.SecretStore;
import io.flotilla.secrets.SecretStoreErrors;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The single-machine secret store: envelope encryption into the {@code secrets} table. Each secret is
 * encrypted (AES-256-GCM) under its own random data key; the data key is wrapped (AES-256-GCM) by the
 * master key from {@link MasterKeyFile}. The path is the associated data of both, so a row copied to
 * another path does not decrypt. Plaintext never reaches the database.
 */
public final class EmbeddedSecretStore implements SecretStore {
    private static final String DATA_AAD = "flotilla/secret/v1:";
    private static final String KEY_AAD = "flotilla/data-key/v1:";
    private static final Argument<Map<String, String>> DATA_TYPE = Argument.mapOf(String.class, String.class);
    private final EncryptedSecretRepository rows;
    private final MasterKeyFile keyFile;
    private final JsonMapper json;
    private final Clock clock;
    private SecretKey masterKey;

    public EmbeddedSecretStore(EncryptedSecretRepository rows, MasterKeyFile keyFile, JsonMapper json, Clock clock) {
        this.rows = rows;
        this.keyFile = keyFile;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void put(String path, Map<String, String> data) {
        SecretPaths.require(path);
        byte[] plaintext = serialize(data);
        try {
            SecretKey dataKey = AesGcm.newKey();
            AesGcm.Sealed sealedData = AesGcm.seal(dataKey, plaintext, DATA_AAD + path);
            AesGcm.Sealed wrappedKey = AesGcm.seal(masterKey(), dataKey.getEncoded(), KEY_AAD + path);
            rows.upsert(path, wrappedKey.ciphertext(), wrappedKey.nonce(), sealedData.nonce(), sealedData.ciphertext(),
                    clock.instant());
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    @Override
    public Optional<Map<String, String>> get(String path) {
        SecretPaths.require(path);
        return rows.findById(path).map(this::decrypt);
    }

    @Override
    public void delete(String path) {
        SecretPaths.require(path);
        rows.deleteById(path);
    }

    @Override
    public Health health() {
        try {
            long stored = rows.count();
            if (!keyFile.exists()) {
                return stored == 0
                        ? Health.up("Embedded store: empty; the key file " + keyFile.path() + " is created on first use.")
                        : Health.down(missingKeyMessage(stored));
            }
            keyFile.read();
            return Health.up("Embedded store: " + stored + " secrets, key file " + keyFile.path() + ".");
        } catch (RuntimeException e) {
            return Health.down(e.getMessage());
        }
    }

    @Override
    public String describe() {
        return "embedded encrypted store (AES-256-GCM, key file " + keyFile.path() + ")";
    }

    private Map<String, String> decrypt(EncryptedSecret row) {
        byte[] plaintext = null;
        try {
            byte[] rawKey = AesGcm.open(masterKey(), new AesGcm.Sealed(row.keyNonce(), row.wrappedKey()), KEY_AAD + row.path());
            SecretKey dataKey = AesGcm.key(rawKey);
            Arrays.fill(rawKey, (byte) 0);
            plaintext = AesGcm.open(dataKey, new AesGcm.Sealed(row.nonce(), row.ciphertext()), DATA_AAD + row.path());
            return json.readValue(plaintext, DATA_TYPE);
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw SecretStoreErrors.integrity(row.path(), e);
        } catch (IOException e) {
            throw SecretStoreErrors.integrity(row.path(), e);
        } finally {
            if (plaintext != null) {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
    }

    private byte[] serialize(Map<String, String> data) {
        try {
            return json.writeValueAsBytes(DATA_TYPE, SecretStore.requireData(data));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not encode secret data", e);
        }
    }

    private synchronized SecretKey masterKey() {
        if (masterKey == null) {
            try {
                masterKey = keyFile.read().orElseGet(() -> {
                    long stored = rows.count();
                    if (stored > 0) {
                        throw new IllegalStateException(missingKeyMessage(stored));
                    }
                    return keyFile.create();
                });
            } catch (IllegalStateException | UncheckedIOException e) {
                throw SecretStoreErrors.unavailable(e.getMessage(), e);
            }
        }
        return masterKey;
    }

    private String missingKeyMessage(long stored) {
        return "The key file " + keyFile.path() + " of the embedded secret store is missing but " + stored
                + " secrets are stored: restore the file from backup, or they cannot be decrypted.";
    }
}
