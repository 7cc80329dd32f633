package io.flotilla.cluster.agent;

import io.flotilla.error.ServiceException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decision alone, for every kind of peer: plain HTTP carries an instance's secrets only to this machine. */
class AgentTransportTest {
    private static final String HTTPS_URL = "https://appliance.internal:8443";

    @ParameterizedTest(name = "{0} from {1}, plain allowed: {2} -> {3}")
    @CsvSource({
            "BOOTSTRAP, 10.0.0.5, false, refused",
            "HEARTBEAT, 10.0.0.5, false, refused",
            "BOOTSTRAP, 192.0.2.2, false, refused",
            "BOOTSTRAP, fd00::2, false, refused",
            "BOOTSTRAP, unknown, false, refused",
            "BOOTSTRAP, 127.0.0.1, false, answered",
            "BOOTSTRAP, 127.64.1.7, false, answered",
            "HEARTBEAT, ::1, false, answered",
            "BOOTSTRAP, 10.0.0.5, true, answered",
            "HEARTBEAT, unknown, true, answered",
    })
    void plainHttp(AgentTransport.Route route, String peer, boolean allowPlain, String outcome) throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AgentTransport transport = transport(allowPlain, meters);
        InetAddress address = peer.equals("unknown") ? null : InetAddress.getByName(peer);
        if (outcome.equals("refused")) {
            assertThatThrownBy(() -> transport.require(route, false, address, () -> HTTPS_URL))
                    .isInstanceOfSatisfying(ServiceException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ServiceException.Kind.FORBIDDEN);
                        assertThat(e.code()).isEqualTo(AgentTransport.PLAIN_HTTP_REFUSED);
                        assertThat(e.getMessage()).contains("plain HTTP", HTTPS_URL, "flotilla.agent.allow-plain-http");
                        assertThat(e.details()).containsEntry("httpsUrl", HTTPS_URL);
                    });
            assertThat(meters.getMeters()).isEmpty();
        } else {
            transport.require(route, false, address, () -> HTTPS_URL);
            assertThat(meters.counter(AgentTransport.METRIC, "route", route.name().toLowerCase(), "transport", "http").count()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @CsvSource({"10.0.0.5", "192.0.2.2", "127.0.0.1"})
    void tlsIsAnsweredFromAnywhereAndCountedAsHttps(String peer) throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        transport(false, meters).require(AgentTransport.Route.BOOTSTRAP, true, InetAddress.getByName(peer), () -> HTTPS_URL);
        assertThat(meters.counter(AgentTransport.METRIC, "route", "bootstrap", "transport", "https").count()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({"http://127.0.0.1:8080"})
    void withoutAnHttpsPortTheRefusalSaysToTurnItOn(String url) throws Exception {
        assertThatThrownBy(() -> transport(false, new SimpleMeterRegistry())
                .require(AgentTransport.Route.BOOTSTRAP, false, InetAddress.getByName("10.0.0.5"), () -> url))
                .hasMessageContaining("flotilla.instance-tls.enabled");
    }

    private static AgentTransport transport(boolean allowPlain, SimpleMeterRegistry meters) {
        AgentTransportConfig config = new AgentTransportConfig();
        config.setAllowPlainHttp(allowPlain);
        return new AgentTransport(config, meters);
    }
}
