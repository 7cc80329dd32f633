package io.flotilla.config.tls;

import io.flotilla.config.ApplianceUrl;
import io.flotilla.config.FlotillaConfig;
import io.flotilla.secrets.SecretStore;
import io.flotilla.testing.AppTestProperties;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The appliance serves its routes on a second, HTTPS port for instances, with a certificate it generated once and keeps in
 * the secret store; instances are given that port's URL and the certificate's fingerprint.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstanceTlsServerTest extends AppTestProperties {
    @Inject
    ApplianceUrl applianceUrl;
    @Inject
    InstanceCertificates certificates;
    @Inject
    EmbeddedServer server;
    @Inject
    InstanceTlsConfig config;
    @Inject
    FlotillaConfig flotilla;
    @Inject
    SecretStore secrets;

    @Test
    void instancesGetTheHttpsPortAndThePinOfTheCertificateItServes() throws Exception {
        String url = applianceUrl.forInstances();
        assertThat(url).startsWith("https://127.0.0.1:").doesNotEndWith(":" + server.getPort());
        InstanceCertificate served = certificates.current();
        assertThat(applianceUrl.fingerprintForInstances()).isEqualTo(served.fingerprint())
                .matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(served.origin()).contains("generated");

        HttpResponse<String> answer = trusting(served).send(HttpRequest.newBuilder(URI.create(url + "/api/v1/agent/bootstrap"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer fbt_unknown")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
        assertThat(answer.body()).contains("bootstrap_refused");
        assertThat(answer.sslSession()).isPresent();
    }

    @Test
    void aClientThatDoesNotKnowTheCertificateCannotTalkToThePort() {
        HttpClient strict = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build(); // the JDK's trust store
        assertThatThrownBy(() -> strict.send(HttpRequest.newBuilder(URI.create(applianceUrl.forInstances() + "/health"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void theGeneratedCertificateIsKeptInTheSecretStoreAndReusedByTheNextStart() {
        String fingerprint = certificates.current().fingerprint();
        assertThat(secrets.get(InstanceCertificates.SECRET_PATH)).get().satisfies(m -> assertThat(m).containsKeys("cert", "key"));
        InstanceCertificates nextStart = new InstanceCertificates(config, flotilla, secrets, Clock.systemUTC());
        assertThat(nextStart.current().fingerprint()).isEqualTo(fingerprint);
        assertThat(dataDir().toFile().list()).as("no key file written to the data dir").noneMatch(n -> n.endsWith(".p12") || n.endsWith(".pem"));
    }

    /** A client that trusts exactly this certificate (and checks the host name against it). */
    static HttpClient trusting(InstanceCertificate certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("appliance", certificate.leaf());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(30)).build();
    }
}
