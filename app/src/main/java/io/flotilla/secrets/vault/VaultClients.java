package io.flotilla.secrets.vault;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultException;

/** Builds Vault driver clients from {@link VaultConfig}: address, namespace, timeouts, retries, KV v2. */
final class VaultClients {
    private VaultClients() {
    }

    static Vault create(VaultConfig config, String token) throws VaultException {
        int timeoutSeconds = (int) Math.max(1, config.getTimeout().toSeconds());
        io.github.jopenlibs.vault.VaultConfig driver = new io.github.jopenlibs.vault.VaultConfig()
                .address(config.getAddr())
                .token(token)
                .openTimeout(timeoutSeconds)
                .readTimeout(timeoutSeconds)
                .prefixPathDepth(config.getMount().split("/").length)
                .engineVersion(2);
        if (config.getNamespace() != null && !config.getNamespace().isBlank()) {
            driver.nameSpace(config.getNamespace());
        }
        return Vault.create(driver.build(), 2)
                .withRetries(config.getMaxRetries(), (int) config.getRetryInterval().toMillis());
    }
}
