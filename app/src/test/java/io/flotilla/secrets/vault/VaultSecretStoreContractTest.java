package io.flotilla.secrets.vault;

import io.flotilla.secrets.SecretStore;
import io.flotilla.secrets.SecretStoreContract;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

/** The contract against the Vault store, with the appliance configured for {@link FakeVaultServer}. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VaultSecretStoreContractTest extends SecretStoreContract {
    private FakeVaultServer vault;
    @Inject
    SecretStore store;

    @Override
    protected Map<String, String> extraProperties() {
        vault = FakeVaultServer.start("secret");
        return Map.of("flotilla.vault.addr", vault.address(),
                "flotilla.vault.token", FakeVaultServer.ROOT_TOKEN,
                "flotilla.vault.max-retries", "0");
    }

    @AfterAll
    void stopVault() {
        vault.close();
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
