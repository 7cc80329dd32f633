package io.flotilla.cluster.tls;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Real TLS handshakes (Java and Python peers) against a server holding a cluster's scheduler certificate. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterTlsHandshakeTest {
    private final ClusterCa ca = ClusterCa.create("cluster-a", Clock.systemUTC(), Duration.ofDays(1));
    private final ClusterCa otherCa = ClusterCa.create("cluster-b", Clock.systemUTC(), Duration.ofDays(1));
    private final IssuedCertificate client = ca.issue(CertificateRole.CLIENT, "alice", List.of());
    private TlsEchoServer scheduler;

    @BeforeAll
    void startScheduler() {
        IssuedCertificate schedulerCert = ca.issue(CertificateRole.SCHEDULER, "scheduler",
                List.of("127.0.0.1", "localhost"));
        scheduler = new TlsEchoServer(SslContexts.mutual(ca.certPem(), schedulerCert));
    }

    @AfterAll
    void stopScheduler() throws Exception {
        scheduler.close();
    }

    @Test
    void aClientWithTheClustersClientCertificateConnects() {
        assertThat(exchange(SslContexts.mutual(ca.certPem(), client))).isTrue();
    }

    @Test
    void aWorkerCertificateAlsoConnects() {
        IssuedCertificate worker = ca.issue(CertificateRole.WORKER, "worker-1", List.of("127.0.0.1"));
        assertThat(exchange(SslContexts.mutual(ca.certPem(), worker))).isTrue();
    }

    @Test
    void aClientWithoutACertificateIsRefused() {
        assertThat(exchange(SslContexts.trustingOnly(ca.certPem()))).isFalse();
    }

    @Test
    void aCertificateFromAnotherClustersCaIsRefused() {
        IssuedCertificate foreign = otherCa.issue(CertificateRole.CLIENT, "mallory", List.of());
        assertThat(exchange(SslContexts.mutual(ca.certPem(), foreign)))
                .as("the scheduler must not accept another cluster's client").isFalse();
        assertThat(exchange(SslContexts.mutual(otherCa.certPem(), foreign)))
                .as("a client of another cluster must not trust this scheduler either").isFalse();
    }

    @Test
    void pythonsSslLoadsThePemsAndCompletesAHandshake(@TempDir Path dir) throws Exception {
        Path caFile = write(dir, "ca.pem", ca.certPem());
        Path certFile = write(dir, "client.pem", client.certPem());
        Path keyFile = write(dir, "client-key.pem", client.keyPem());
        String script = String.join("\n",
                "import socket, ssl, sys",
                "c = ssl.create_default_context(cafile=sys.argv[1])",
                "c.load_cert_chain(sys.argv[2], sys.argv[3])",
                "with socket.create_connection(('127.0.0.1', int(sys.argv[4])), timeout=5) as raw:",
                "    with c.wrap_socket(raw, server_hostname='127.0.0.1') as s:",
                "        s.sendall(bytes([41]))",
                "        print(s.recv(1)[0])");
        Process python = new ProcessBuilder("python3", "-c", script, caFile.toString(), certFile.toString(),
                keyFile.toString(), Integer.toString(scheduler.port())).redirectErrorStream(true).start();
        assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.exitValue()).as(output).isZero();
        assertThat(output.trim()).isEqualTo("42");
    }

    /** Sends one byte and expects it back plus one; false when the handshake or the exchange fails. */
    private boolean exchange(SSLContext context) {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), scheduler.port())) {
            socket.setSoTimeout(5000);
            socket.startHandshake();
            socket.getOutputStream().write(41);
            socket.getOutputStream().flush();
            return socket.getInputStream().read() == 42;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path write(Path dir, String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
