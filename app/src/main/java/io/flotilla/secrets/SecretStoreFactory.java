package io.flotilla.secrets;

import io.flotilla.config.FlotillaConfig;
import io.flotilla.secrets.embedded.EmbeddedSecretStore;
import io.flotilla.secrets.embedded.EncryptedSecretRepository;
import io.flotilla.secrets.embedded.MasterKeyFile;
import io.flotilla.secrets.vault.VaultConfig;
import io.flotilla.secrets.vault.VaultSecretStore;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/** Picks the secret store: Vault when {@code flotilla.vault.addr} is set, else the embedded store. */
@Factory
public class SecretStoreFactory {
    private static final Logger LOG = LoggerFactory.getLogger(SecretStoreFactory.class);

    @Singleton
    SecretStore secretStore(VaultConfig vault, FlotillaConfig flotilla, BeanProvider<EncryptedSecretRepository> rows,
                            JsonMapper json, Clock clock) {
        SecretStore store = vault.isEnabled()
                ? new VaultSecretStore(vault, clock)
                : new EmbeddedSecretStore(rows.get(), MasterKeyFile.under(flotilla.getDataDir()), json, clock);
        LOG.info("Secret store: {}", store.describe());
        return store;
    }
}
