package io.flotilla.secrets.vault;

import io.flotilla.error.ServiceException;
import io.flotilla.secrets.SecretStore;
import io.flotilla.secrets.SecretStoreErrors;
import io.flotilla.testing.MovableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Vault store against {@link FakeVaultServer}: paths, auth, renewal, and how failures are reported. */
class VaultSecretStoreTest {
    private FakeVaultServer vault;
    private final MovableClock clock = new MovableClock();

    @BeforeEach
    void startVault() {
        vault = FakeVaultServer.start("kv");
    }

    @AfterEach
    void stopVault() {
        vault.close();
    }

    private VaultConfig config() {
        VaultConfig config = new VaultConfig();
        config.setAddr(vault.address() + "/");
        config.setMount("kv");
        config.setPathPrefix("flotilla-test");
        config.setMaxRetries(0);
        config.setTimeout(Duration.ofSeconds(2));
        return config;
    }

    private VaultSecretStore withToken(String token) {
        VaultConfig config = config();
        config.setToken(token);
        return new VaultSecretStore(config, clock);
    }

    @Nested
    class TokenAuth {
        @Test
        void writesUnderMountAndPrefixAndSendsTheNamespace() {
            VaultConfig config = config();
            config.setToken(FakeVaultServer.ROOT_TOKEN);
            config.setNamespace("team-a");
            SecretStore store = new VaultSecretStore(config, clock);

            store.put("clusters/c1/ca", Map.of("key", "PEM"));

            assertThat(vault.stored("flotilla-test/clusters/c1/ca")).as("KV v2 data path").contains(Map.of("key", "PEM"));
            assertThat(vault.lastNamespace()).isEqualTo("team-a");
            assertThat(store.get("clusters/c1/ca")).contains(Map.of("key", "PEM"));
        }

        @Test
        void deleteRemovesAllVersionsThroughMetadata() {
            SecretStore store = withToken(FakeVaultServer.ROOT_TOKEN);
            store.put("a/b", Map.of("v", "1"));
            store.put("a/b", Map.of("v", "2"));

            store.delete("a/b");

            assertThat(vault.storedPaths()).isEmpty();
            assertThat(store.get("a/b")).isEmpty();
        }

        @Test
        void wrongTokenIsUnavailableWithAPolicySentence() {
            SecretStore store = withToken("not-a-token");
            assertThatThrownBy(() -> store.put("a/b", Map.of("v", "1")))
                    .isInstanceOfSatisfying(ServiceException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ServiceException.Kind.UNAVAILABLE);
                        assertThat(e.code()).isEqualTo(SecretStoreErrors.UNAVAILABLE);
                        assertThat(e.details()).containsEntry("reason", "permission_denied");
                        assertThat(e.getMessage()).contains("HTTP 403", "policy", "kv/data/flotilla-test/*");
                    });
        }

        @Test
        void renewsTheConfiguredTokenWhenDue() {
            VaultSecretStore store = withToken(FakeVaultServer.ROOT_TOKEN);
            store.renewTokenIfDue();
            assertThat(vault.renewals()).as("first renewal learns the lease").isEqualTo(1);

            store.renewTokenIfDue();
            assertThat(vault.renewals()).as("not due yet").isEqualTo(1);

            clock.advance(Duration.ofSeconds(41));
            store.renewTokenIfDue();
            assertThat(vault.renewals()).as("two thirds of the 60 s lease passed").isEqualTo(2);
        }
    }

    @Nested
    class AppRoleAuth {
        private VaultSecretStore store;

        @BeforeEach
        void appRole() {
            vault.enableAppRole("role-1", "secret-1", 60);
            VaultConfig config = config();
            config.setRoleId("role-1");
            config.setSecretId("secret-1");
            store = new VaultSecretStore(config, clock);
        }

        @Test
        void logsInOnFirstUseThenRenewsBeforeExpiry() {
            store.put("x", Map.of("v", "1"));
            assertThat(vault.logins()).isEqualTo(1);

            clock.advance(Duration.ofSeconds(30));
            store.renewTokenIfDue();
            assertThat(vault.renewals()).as("not due at half the lease").isZero();

            clock.advance(Duration.ofSeconds(11));
            store.renewTokenIfDue();
            assertThat(vault.renewals()).isEqualTo(1);
            assertThat(vault.logins()).isEqualTo(1);
            assertThat(store.get("x")).contains(Map.of("v", "1"));
        }

        @Test
        void logsInAgainWhenRenewalFails() {
            store.put("x", Map.of("v", "1"));
            vault.allowRenewals(false);
            vault.revokeAll();
            clock.advance(Duration.ofSeconds(45));

            store.renewTokenIfDue();

            assertThat(vault.logins()).isEqualTo(2);
            assertThat(store.get("x")).as("works with the new token").contains(Map.of("v", "1"));
        }

        @Test
        void wrongSecretIdMakesHealthDown() {
            VaultConfig config = config();
            config.setRoleId("role-1");
            config.setSecretId("wrong");
            SecretStore.Health health = new VaultSecretStore(config, clock).health();
            assertThat(health.isUp()).isFalse();
            assertThat(health.reason()).contains("HTTP 400");
        }
    }

    @Nested
    class Failures {
        @Test
        void sealedVaultIsReportedAsSealed() {
            SecretStore store = withToken(FakeVaultServer.ROOT_TOKEN);
            vault.seal(true);

            for (Runnable call : new Runnable[]{() -> store.put("a", Map.of("v", "1")), () -> store.get("a"), () -> store.delete("a")}) {
                assertThatThrownBy(call::run).isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.UNAVAILABLE);
                    assertThat(e.code()).isEqualTo(SecretStoreErrors.SEALED);
                    assertThat(e.getMessage()).isEqualTo("Vault at " + vault.address() + " is sealed: an operator must unseal it.");
                });
            }
            assertThat(store.health()).isEqualTo(SecretStore.Health.down("Vault at " + vault.address() + " is sealed: an operator must unseal it."));
        }

        @Test
        void unreachableVaultIsReportedAsUnavailable() {
            SecretStore store = withToken(FakeVaultServer.ROOT_TOKEN);
            vault.close();

            assertThatThrownBy(() -> store.get("a")).isInstanceOfSatisfying(ServiceException.class, e -> {
                assertThat(e.kind()).isEqualTo(ServiceException.Kind.UNAVAILABLE);
                assertThat(e.code()).isEqualTo(SecretStoreErrors.UNAVAILABLE);
                assertThat(e.getMessage()).contains("cannot be reached", "connection refused", vault.address());
            });
            assertThat(store.health().isUp()).isFalse();
            assertThat(store.health().reason()).contains("cannot be reached");
        }

        @Test
        void healthIsUpWhenUnsealed() {
            assertThat(withToken(FakeVaultServer.ROOT_TOKEN).health().isUp()).isTrue();
        }
    }
}
