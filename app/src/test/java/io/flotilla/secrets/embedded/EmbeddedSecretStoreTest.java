package io.flotilla.secrets.embedded;

import io.flotilla.error.ServiceException;
import io.flotilla.secrets.SecretStore;
import io.flotilla.secrets.SecretStoreContract;
import io.flotilla.secrets.SecretStoreErrors;
import io.micronaut.context.annotation.Property;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract against the embedded store, plus what only it promises: ciphertext, integrity, key file. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedSecretStoreTest extends SecretStoreContract {
    private static final String PLAINTEXT = "plaintext-canary-4a7f1e";
    @Inject
    SecretStore store;
    @Inject
    EncryptedSecretRepository rows;
    @Inject
    JsonMapper json;
    @Property(name = "datasources.default.url")
    String jdbcUrl;

    @Override
    protected SecretStore store() {
        return store;
    }

    @Override
    protected Class<? extends SecretStore> expectedType() {
        return EmbeddedSecretStore.class;
    }

    @Test
    void tableHoldsCiphertextOnly() throws Exception {
        store.put("t/ciphertext", Map.of("token", PLAINTEXT));
        try (Connection c = jdbc(); PreparedStatement st = c.prepareStatement("SELECT * FROM secrets WHERE path = ?")) {
            st.setString(1, "t/ciphertext");
            ResultSet rs = st.executeQuery();
            assertThat(rs.next()).isTrue();
            byte[] ciphertext = rs.getBytes("ciphertext");
            assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain(PLAINTEXT);
            assertThat(rs.getBytes("wrapped_key")).hasSize(32 + 16);
            assertThat(rs.getBytes("nonce")).hasSize(12).isNotEqualTo(rs.getBytes("key_nonce"));
            assertThat(rs.getTimestamp("created_at")).isNotNull();
        }
    }

    @Test
    void tamperedCiphertextFailsItsIntegrityCheck() throws Exception {
        store.put("t/tamper", Map.of("token", PLAINTEXT));
        execute("UPDATE secrets SET ciphertext = set_byte(ciphertext, 0, (get_byte(ciphertext, 0) + 1) % 256) WHERE path = 't/tamper'");
        assertIntegrityFailure("t/tamper");
    }

    @Test
    void rowCopiedToAnotherPathDoesNotDecrypt() throws Exception {
        store.put("t/original", Map.of("token", PLAINTEXT));
        store.put("t/victim", Map.of("token", "other"));
        execute("UPDATE secrets v SET wrapped_key = o.wrapped_key, key_nonce = o.key_nonce, nonce = o.nonce, "
                + "ciphertext = o.ciphertext FROM secrets o WHERE o.path = 't/original' AND v.path = 't/victim'");
        assertIntegrityFailure("t/victim");
    }

    @Test
    void keyFileIsReadableOnlyByTheServiceUser() throws Exception {
        store.put("t/key", Map.of("v", "1"));
        Path keyFile = dataDir().resolve("secrets/master.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile.getParent()))).isEqualTo("rwx------");
        assertThat(java.util.Base64.getDecoder().decode(Files.readString(keyFile).strip())).hasSize(32);
    }

    @Test
    void missingKeyFileWithStoredSecretsIsAClearError(@org.junit.jupiter.api.io.TempDir Path elsewhere) {
        store.put("t/needs-key", Map.of("v", "1"));
        SecretStore withoutKey = new EmbeddedSecretStore(rows, MasterKeyFile.under(elsewhere), json, Clock.systemUTC());

        SecretStore.Health health = withoutKey.health();
        assertThat(health.isUp()).isFalse();
        assertThat(health.reason()).contains("master.key", "is missing", "restore");
        assertThatThrownBy(() -> withoutKey.get("t/needs-key")).isInstanceOfSatisfying(ServiceException.class, e -> {
            assertThat(e.code()).isEqualTo(SecretStoreErrors.UNAVAILABLE);
            assertThat(e.getMessage()).contains("is missing");
        });
        assertThat(Files.exists(elsewhere.resolve("secrets/master.key"))).as("no new key over old secrets").isFalse();
    }

    @Test
    void unreadableKeyFileIsAClearError(@org.junit.jupiter.api.io.TempDir Path elsewhere) throws Exception {
        Path keyFile = elsewhere.resolve("secrets/master.key");
        Files.createDirectories(keyFile.getParent());
        Files.writeString(keyFile, "not a key");
        SecretStore broken = new EmbeddedSecretStore(rows, new MasterKeyFile(keyFile), json, Clock.systemUTC());
        assertThat(broken.health().isUp()).isFalse();
        assertThat(broken.health().reason()).contains("does not hold a Base64 256-bit key");
    }

    private void assertIntegrityFailure(String path) {
        assertThatThrownBy(() -> store.get(path)).isInstanceOfSatisfying(ServiceException.class, e -> {
            assertThat(e.kind()).isEqualTo(ServiceException.Kind.UNAVAILABLE);
            assertThat(e.code()).isEqualTo(SecretStoreErrors.INTEGRITY);
            assertThat(e.getMessage()).contains(path, "integrity check").doesNotContain(PLAINTEXT);
        });
    }

    private Connection jdbc() throws Exception {
        return DriverManager.getConnection(jdbcUrl, "postgres", "");
    }

    private void execute(String sql) throws Exception {
        try (Connection c = jdbc()) {
            assertThat(c.createStatement().executeUpdate(sql)).isEqualTo(1);
        }
    }
}
