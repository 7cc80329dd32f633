package io.flotilla.secrets.vault;

import io.flotilla.secrets.SecretStore;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Vault token alive: every 15 seconds asks the Vault store to renew its token if two thirds
 * of the lease have passed (see {@link VaultSession}). Does nothing with the embedded store.
 */
@Singleton
public class VaultTokenRenewal {
    private static final Logger LOG = LoggerFactory.getLogger(VaultTokenRenewal.class);
    private final SecretStore store;

    public VaultTokenRenewal(SecretStore store) {
        this.store = store;
    }

    @Scheduled(fixedDelay = "15s", initialDelay = "5s")
    void renew() {
        if (store instanceof VaultSecretStore vault) {
            try {
                vault.renewTokenIfDue();
            } catch (RuntimeException e) {
                LOG.warn("Vault token renewal failed, will try again: {}", e.getMessage());
            }
        }
    }
}
