package io.flotilla.cluster.tls;

import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterCaTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final ClusterCa ca = ClusterCa.create("c-1", clock, Duration.ofDays(30));

    @Nested
    class TheCa {
        @Test
        void isASelfSignedP256CaThatMaySignCertificates() throws Exception {
            X509Certificate cert = ca.certificate();
            cert.verify(cert.getPublicKey());
            assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
            assertThat(cert.getPublicKey().toString()).as("curve").contains("secp256r1");
            assertThat(cert.getBasicConstraints()).as("CA path length").isZero();
            assertThat(cert.getKeyUsage()[5]).as("keyCertSign").isTrue();
            assertThat(cert.getSubjectX500Principal().getName()).contains("c-1");
            assertThat(cert.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(30)));
        }

        @Test
        void survivesARoundTripThroughItsMaterial() throws Exception {
            ClusterCa restored = ClusterCa.load(ca.material(), clock);
            assertThat(restored.certPem()).isEqualTo(ca.certPem());
            assertThat(ca.material().keyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
            X509Certificate leaf = Pem.certificate(restored.issue(CertificateRole.CLIENT, "u", List.of()).certPem());
            leaf.verify(ca.certificate().getPublicKey());
        }

        @Test
        void keepsItsKeysOutOfToString() {
            assertThat(ca.material().toString()).doesNotContain("PRIVATE KEY").contains("secret");
            assertThat(ca.issue(CertificateRole.CLIENT, "u", List.of()).toString()).doesNotContain("PRIVATE KEY");
        }

        @Test
        void refusesAnEmptyValidity() {
            assertThatThrownBy(() -> ClusterCa.create("c", clock, Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class IssuedLeaves {
        @Test
        void chainToTheirCa() throws Exception {
            for (CertificateRole role : CertificateRole.values()) {
                X509Certificate leaf = Pem.certificate(ca.issue(role, "n", List.of("127.0.0.1")).certPem());
                PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
                parameters.setRevocationEnabled(false);
                parameters.setDate(Date.from(NOW));
                CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf));
                CertPathValidator.getInstance("PKIX").validate(path, parameters);
                assertThat(leaf.getBasicConstraints()).as("%s is not a CA", role).isEqualTo(-1);
                assertThat(leaf.getNotAfter()).isEqualTo(ca.certificate().getNotAfter());
            }
        }

        @Test
        void doNotChainToAnotherClustersCa() {
            ClusterCa other = ClusterCa.create("c-2", clock, Duration.ofDays(30));
            X509Certificate leaf = Pem.certificate(other.issue(CertificateRole.WORKER, "w", List.of()).certPem());
            assertThatThrownBy(() -> leaf.verify(ca.certificate().getPublicKey()))
                    .isInstanceOf(java.security.SignatureException.class);
        }

        @Test
        void carryTheExtendedKeyUsagesOfTheirRole() throws Exception {
            String serverAuth = KeyPurposeId.id_kp_serverAuth.getId();
            String clientAuth = KeyPurposeId.id_kp_clientAuth.getId();
            assertThat(ekus(CertificateRole.SCHEDULER)).containsExactlyInAnyOrder(serverAuth, clientAuth);
            assertThat(ekus(CertificateRole.WORKER)).containsExactlyInAnyOrder(serverAuth, clientAuth);
            assertThat(ekus(CertificateRole.CLIENT)).containsExactly(clientAuth);
        }

        @Test
        void carryIpAndDnsSubjectAlternativeNames() throws Exception {
            IssuedCertificate issued = ca.issue(CertificateRole.SCHEDULER, "scheduler-1",
                    List.of("127.0.0.1", "localhost", "::1", "10.0.0.7"));
            X509Certificate leaf = Pem.certificate(issued.certPem());
            Set<String> sans = leaf.getSubjectAlternativeNames().stream()
                    .map(entry -> entry.get(0) + "=" + entry.get(1)).collect(Collectors.toSet());
            assertThat(sans).containsExactlyInAnyOrder(
                    "7=127.0.0.1", "2=localhost", "7=0:0:0:0:0:0:0:1", "7=10.0.0.7");
            assertThat(leaf.getSubjectX500Principal().getName()).contains("CN=scheduler-1");
        }

        @Test
        void haveDistinctKeysAndRandomSerials() {
            List<IssuedCertificate> issued = List.of(
                    ca.issue(CertificateRole.SCHEDULER, "s", List.of()),
                    ca.issue(CertificateRole.WORKER, "w", List.of()),
                    ca.issue(CertificateRole.CLIENT, "c", List.of()),
                    ca.issue(CertificateRole.WORKER, "w", List.of()));
            assertThat(issued.stream().map(IssuedCertificate::keyPem).distinct()).hasSize(4);
            assertThat(issued.stream().map(i -> Pem.certificate(i.certPem()).getSerialNumber()).distinct())
                    .hasSize(4);
            assertThat(issued).allSatisfy(i ->
                    assertThat(Pem.privateKey(i.keyPem()).getFormat()).isEqualTo("PKCS#8"));
        }

        private List<String> ekus(CertificateRole role) throws Exception {
            return Pem.certificate(ca.issue(role, "n", List.of()).certPem()).getExtendedKeyUsage();
        }
    }
}
