package io.flotilla.secrets.vault;

import io.flotilla.secrets.SecretStore;
import io.flotilla.secrets.SecretStoreContract;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.vault.VaultContainer;

import java.util.Map;

/**
 * The contract against a real Vault (dev mode, KV v2 at {@code secret/}) in a container. Skipped where
 * no Docker engine is available.
 */
@Testcontainers(disabledWithoutDocker = true)
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VaultContainerContractTest extends SecretStoreContract {
    private static final String ROOT_TOKEN = "flotilla-test-root";
    private VaultContainer<?> vault;
    @Inject
    SecretStore store;

    @Override
    protected Map<String, String> extraProperties() {
        vault = new VaultContainer<>("hashicorp/vault:1.17").withVaultToken(ROOT_TOKEN);
        vault.start();
        return Map.of("flotilla.vault.addr", vault.getHttpHostAddress(),
                "flotilla.vault.token", ROOT_TOKEN);
    }

    @AfterAll
    void stopVault() {
        if (vault != null) {
            vault.stop();
        }
    }

    @Override
    protected SecretStore store() {
        return store;
    }

    @Override
    protected Class<? extends SecretStore> expectedType() {
        return VaultSecretStore.class;
    }
}
