package io.flotilla.config.tls;

import io.flotilla.cluster.tls.IssuedCertificate;
import io.flotilla.cluster.tls.Pem;
import io.flotilla.cluster.tls.SelfSignedServerCertificate;
import io.flotilla.config.FlotillaConfig;
import io.flotilla.testing.MapSecretStore;
import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the instance certificate comes from: IT's files or key store, else generated once and kept in the secret store. */
class InstanceCertificatesTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    @TempDir
    Path dir;
    private final MapSecretStore secrets = new MapSecretStore(new HashMap<>());

    @Test
    void generatedOnceNamingThePublicHostAndLoopbackThenReused() throws Exception {
        InstanceCertificate first = certificates(new InstanceTlsConfig(), "https://flotilla.internal.example:8080", NOW).current();
        assertThat(first.origin()).contains("generated");
        assertThat(first.leaf().getSubjectAlternativeNames()).extracting(e -> e.get(1).toString())
                .contains("flotilla.internal.example", "localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(secrets.data()).containsKey(InstanceCertificates.SECRET_PATH);
        InstanceCertificate again = certificates(new InstanceTlsConfig(), "https://flotilla.internal.example:8080", NOW.plus(Duration.ofDays(90))).current();
        assertThat(again.fingerprint()).isEqualTo(first.fingerprint());
    }

    @Test
    void replacedWhenItNoLongerNamesThePublicHostOrIsAboutToExpire() {
        String first = certificates(new InstanceTlsConfig(), "https://old.example", NOW).current().fingerprint();
        String moved = certificates(new InstanceTlsConfig(), "https://new.example", NOW).current().fingerprint();
        assertThat(moved).isNotEqualTo(first);
        String late = certificates(new InstanceTlsConfig(), "https://new.example", NOW.plus(Duration.ofDays(3640))).current().fingerprint();
        assertThat(late).isNotEqualTo(moved);
    }

    @Test
    void configuredPemFilesAreServedAsTheyAre() throws Exception {
        IssuedCertificate own = SelfSignedServerCertificate.create("it.example", List.of("it.example"), NOW, NOW.plus(Duration.ofDays(90)));
        InstanceTlsConfig config = new InstanceTlsConfig();
        config.setCertificateFile(Files.writeString(dir.resolve("cert.pem"), own.certPem()));
        config.setKeyFile(Files.writeString(dir.resolve("key.pem"), own.keyPem()));
        InstanceCertificate served = certificates(config, null, NOW).current();
        assertThat(served.fingerprint()).isEqualTo(InstanceCertificate.fingerprint(Pem.certificate(own.certPem())));
        assertThat(served.origin()).contains("cert.pem");
        assertThat(secrets.data()).as("nothing generated").isEmpty();
    }

    @Test
    void aConfiguredKeyStoreIsServed() throws Exception {
        IssuedCertificate own = SelfSignedServerCertificate.create("it.example", List.of("it.example"), NOW, NOW.plus(Duration.ofDays(90)));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", Pem.privateKey(own.keyPem()), "changeit".toCharArray(),
                new Certificate[]{Pem.certificate(own.certPem())});
        Path file = dir.resolve("server.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, "changeit".toCharArray());
        }
        InstanceTlsConfig config = new InstanceTlsConfig();
        config.setKeyStore(file);
        config.setKeyStorePassword("changeit");
        assertThat(certificates(config, null, NOW).current().fingerprint())
                .isEqualTo(InstanceCertificate.fingerprint(Pem.certificate(own.certPem())));
        config.setKeyStorePassword("wrong");
        assertThatThrownBy(() -> certificates(config, null, NOW).current()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("server.p12").hasMessageNotContaining("wrong");
    }

    @Test
    void aKeyThatIsNotTheCertificatesOrAHalfConfigurationIsRefusedWithAReason() throws Exception {
        IssuedCertificate one = SelfSignedServerCertificate.create("a", List.of("a"), NOW, NOW.plus(Duration.ofDays(1)));
        IssuedCertificate other = SelfSignedServerCertificate.create("b", List.of("b"), NOW, NOW.plus(Duration.ofDays(1)));
        InstanceTlsConfig config = new InstanceTlsConfig();
        config.setCertificateFile(Files.writeString(dir.resolve("cert.pem"), one.certPem()));
        config.setKeyFile(Files.writeString(dir.resolve("key.pem"), other.keyPem()));
        assertThatThrownBy(() -> certificates(config, null, NOW).current()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("does not belong to the certificate");
        InstanceTlsConfig half = new InstanceTlsConfig();
        half.setCertificateFile(dir.resolve("cert.pem"));
        assertThatThrownBy(() -> certificates(half, null, NOW).current()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("go together");
    }

    private InstanceCertificates certificates(InstanceTlsConfig config, String publicUrl, Instant now) {
        FlotillaConfig flotilla = new FlotillaConfig();
        flotilla.setPublicUrl(publicUrl);
        return new InstanceCertificates(config, flotilla, secrets, Clock.fixed(now, ZoneOffset.UTC));
    }
}
