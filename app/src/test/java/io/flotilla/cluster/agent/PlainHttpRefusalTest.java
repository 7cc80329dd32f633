package io.flotilla.cluster.agent;

import io.flotilla.config.ApplianceUrl;
import io.flotilla.config.tls.InstanceCertificates;
import io.flotilla.testing.AppTestProperties;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over the wire: the appliance's plain port refuses to hand out key material (bootstrap) or take a cluster token
 * (heartbeat) from a peer on another address than loopback. The test reaches the plain port through this machine's own
 * non-loopback address (e.g. eth0's), so the server sees a non-loopback peer; over loopback, and over the instance
 * HTTPS port from that same address, the requests get as far as the token check.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlainHttpRefusalTest extends AppTestProperties {
    @Inject
    EmbeddedServer server;
    @Inject
    ApplianceUrl applianceUrl;
    @Inject
    InstanceCertificates certificates;

    @Test
    void plainHttpFromAnotherAddressIsRefusedWithTheHttpsUrl() throws Exception {
        InetAddress own = nonLoopbackAddress();
        String plain = "http://" + own.getHostAddress() + ":" + server.getPort();
        HttpResponse<String> bootstrap = post(HttpClient.newHttpClient(), plain + "/api/v1/agent/bootstrap", "fbt_anything");
        assertThat(bootstrap.statusCode()).as(bootstrap.body()).isEqualTo(403);
        Map<String, Object> error = json(bootstrap.body());
        assertThat(error).containsEntry("error", "plain_http_refused").containsKey("details");
        assertThat(error.get("message").toString()).contains("plain HTTP from " + own.getHostAddress(), "private key",
                applianceUrl.forInstances());
        HttpResponse<String> heartbeat = post(HttpClient.newHttpClient(), plain + "/api/v1/agent/heartbeat", "fct_anything");
        assertThat(heartbeat.statusCode()).as(heartbeat.body()).isEqualTo(403);
        assertThat(json(heartbeat.body())).containsEntry("error", "plain_http_refused");
    }

    @Test
    void loopbackPlainAndRemoteHttpsReachTheTokenCheck() throws Exception {
        HttpResponse<String> loopback = post(HttpClient.newHttpClient(),
                "http://127.0.0.1:" + server.getPort() + "/api/v1/agent/bootstrap", "fbt_unknown");
        assertThat(loopback.statusCode()).as(loopback.body()).isEqualTo(401);
        assertThat(json(loopback.body())).containsEntry("error", "bootstrap_refused");

        String tlsPort = applianceUrl.forInstances().replaceAll(".*:", "");
        HttpsURLConnection remoteTls = (HttpsURLConnection) URI.create("https://" + nonLoopbackAddress().getHostAddress() + ":"
                + tlsPort + "/api/v1/agent/bootstrap").toURL().openConnection();
        remoteTls.setSSLSocketFactory(pinned().getSocketFactory());
        remoteTls.setHostnameVerifier((host, session) -> true); // pinned like the agent: the certificate, not its names
        remoteTls.setRequestMethod("POST");
        remoteTls.setRequestProperty("Authorization", "Bearer fbt_unknown");
        remoteTls.setConnectTimeout(30_000);
        remoteTls.setReadTimeout(60_000);
        assertThat(remoteTls.getResponseCode()).isEqualTo(401);
        assertThat(json(new String(remoteTls.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)))
                .containsEntry("error", "bootstrap_refused");
    }

    /** This machine's first non-loopback IPv4 address; the test cannot run without one (it says so). */
    private static InetAddress nonLoopbackAddress() throws Exception {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (java.net.SocketException e) {
                        return false;
                    }
                })
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst()
                .orElseThrow(() -> new AssertionError("this machine has no non-loopback IPv4 address to be a remote peer from;"
                        + " AgentTransportTest covers the decision with such peers"));
    }

    /** A TLS context that trusts only the appliance's instance certificate. */
    private SSLContext pinned() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("appliance", certificates.current().leaf());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** A well-formed heartbeat body (the bootstrap takes none): what is checked is the transport, not the body. */
    private static final String HEARTBEAT = "{\"schedulerAddress\":\"tls://192.0.2.2:8786\",\"nThreads\":1,\"memory\":1,"
            + "\"tasksProcessing\":0,\"nClients\":0}";

    private static HttpResponse<String> post(HttpClient client, String url, String token) throws Exception {
        String body = url.endsWith("/heartbeat") ? HEARTBEAT : "{}";
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String body) throws java.io.IOException {
        return ObjectMapper.getDefault().readValue(body, Map.class);
    }
}
