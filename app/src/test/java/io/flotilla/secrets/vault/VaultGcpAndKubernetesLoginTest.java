package io.flotilla.secrets.vault;

import io.flotilla.error.ServiceException;
import io.flotilla.testing.MovableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Vault's GCP login (the GCE metadata server's identity token, {@link FakeGceMetadataServer}) and Kubernetes login
 * (the pod's service account token file): no configured secret, a fresh credential at every login.
 */
class VaultGcpAndKubernetesLoginTest {
    private final MovableClock clock = new MovableClock();
    private FakeVaultServer vault;
    private FakeGceMetadataServer metadata;

    @BeforeEach
    void start() throws IOException {
        vault = FakeVaultServer.start("kv");
        metadata = new FakeGceMetadataServer();
    }

    @AfterEach
    void stop() {
        vault.close();
        metadata.close();
    }

    private VaultConfig config(String method) {
        VaultConfig config = new VaultConfig();
        config.setAddr(vault.address());
        config.setMount("kv");
        config.setMaxRetries(0);
        config.setAuthMethod(method);
        config.setAuthRole("flotilla");
        config.setGcpMetadataHost(metadata.host());
        return config;
    }

    @Test
    void gcpLogsInWithTheInstanceIdentityTokenAndLogsInAgainWhenRenewalFails() {
        vault.enableLogin("gcp", metadata.vaultLogin("flotilla"), 60);
        VaultSecretStore store = new VaultSecretStore(config("gcp"), clock);

        store.put("a", Map.of("v", "1"));
        assertThat(vault.logins()).isEqualTo(1);
        assertThat(store.get("a")).contains(Map.of("v", "1"));
        assertThat(store.describe()).contains("GCP auth");

        vault.allowRenewals(false);
        vault.revokeAll();
        clock.advance(Duration.ofSeconds(45));
        store.renewTokenIfDue();

        assertThat(vault.logins()).isEqualTo(2);
        assertThat(metadata.issued()).as("a fresh identity token per login").isEqualTo(2);
        assertThat(store.get("a")).contains(Map.of("v", "1"));
    }

    @Test
    void gcpOnAnotherMountAndRoleIsRefusedForTheWrongAudience() {
        vault.enableLogin("gcp-prod", metadata.vaultLogin("flotilla"), 60);
        VaultConfig config = config("gcp");
        config.setAuthMount("gcp-prod");
        config.setAuthRole("other-role");

        assertThat(new VaultSecretStore(config, clock).health().isUp()).isFalse();

        config.setAuthRole("flotilla");
        assertThat(new VaultSecretStore(config, clock).health().isUp()).isTrue();
    }

    @Test
    void gcpWithoutAMetadataServerSaysSo() {
        VaultConfig config = config("gcp");
        metadata.close();

        assertThat(new VaultSecretStore(config, clock).health().reason()).contains("GCE metadata server", metadata.host());
    }

    @Test
    void kubernetesLogsInWithTheServiceAccountToken(@TempDir Path dir) throws IOException {
        Path token = Files.writeString(dir.resolve("token"), "projected-sa-jwt\n");
        AtomicReference<String> valid = new AtomicReference<>("projected-sa-jwt");
        vault.enableLogin("kubernetes", request -> "flotilla".equals(request.getString("role", null))
                && valid.get().equals(request.getString("jwt", null)) ? null : "permission denied", 60);
        VaultConfig config = config("kubernetes");
        config.setKubernetesTokenPath(token.toString());
        VaultSecretStore store = new VaultSecretStore(config, clock);

        store.put("k", Map.of("v", "1"));
        assertThat(vault.logins()).isEqualTo(1);

        Files.writeString(token, "rotated-jwt");
        valid.set("rotated-jwt");
        vault.revokeAll();
        vault.allowRenewals(false);
        clock.advance(Duration.ofSeconds(45));
        store.renewTokenIfDue();
        assertThat(vault.logins()).as("the rotated token file is read at each login").isEqualTo(2);
        assertThat(store.get("k")).contains(Map.of("v", "1"));

        valid.set("yet-another-jwt");
        vault.revokeAll();
        clock.advance(Duration.ofSeconds(45));
        assertThatThrownBy(store::renewTokenIfDue).isInstanceOf(ServiceException.class).hasMessageContaining("HTTP 400");
    }

    @Test
    void aMethodThatNeedsARoleSaysWhichKeyIsMissing() {
        VaultConfig config = config("kubernetes");
        config.setAuthRole(" ");
        assertThat(new VaultSecretStore(config, clock).health().reason()).contains("FLOTILLA_VAULT_AUTH_ROLE");
    }

    @Test
    void anUnknownMethodIsRefusedWithTheValidNames() {
        VaultConfig config = config("ldap");
        assertThatThrownBy(config::method).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[token, approle, aws, gcp, kubernetes]");
    }
}
