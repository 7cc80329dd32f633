package io.flotilla.cluster.agent;

import io.flotilla.error.ServiceException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Decides whether an instance's request may be answered over the transport it came by. A bootstrap answer carries
 * the instance's private key and a heartbeat carries the cluster's bearer token, so both are refused over plain
 * HTTP unless the peer is on this machine (loopback: nothing crosses a network) or IT allowed it
 * ({@code flotilla.agent.allow-plain-http}, unsafe). Counts what it lets through as
 * {@code flotilla.agent.requests{route, transport}}.
 */
@Singleton
public class AgentTransport {
    /** The error code of a refused plain-HTTP request. */
    public static final String PLAIN_HTTP_REFUSED = "plain_http_refused";
    /** The metric counting accepted agent requests by route and transport ({@code https} or {@code http}). */
    public static final String METRIC = "flotilla.agent.requests";
    private final AgentTransportConfig config;
    private final MeterRegistry meters;

    public AgentTransport(AgentTransportConfig config, MeterRegistry meters) {
        this.config = config;
        this.meters = meters;
    }

    /** The instance routes, and what each would expose over plain HTTP. */
    public enum Route {
        BOOTSTRAP("bootstrap", "the instance's private key"),
        HEARTBEAT("heartbeat", "the cluster's token"),
        /** The install script and runtime files of a stock image, fetched with the (unspent) bootstrap token. */
        INSTALL("install", "the instance's one-time bootstrap token");

        private final String tag;
        private final String exposes;

        Route(String tag, String exposes) {
            this.tag = tag;
            this.exposes = exposes;
        }
    }

    /**
     * Returns normally when the request may be answered; else a FORBIDDEN {@value #PLAIN_HTTP_REFUSED} error naming
     * the https URL to use.
     *
     * @param secure   whether the request came over TLS
     * @param peer     the address of the connection's other end (null when unknown: treated as remote)
     * @param httpsUrl the URL instances should use instead, for the message (asked for only on a refusal)
     */
    public void require(Route route, boolean secure, InetAddress peer, Supplier<String> httpsUrl) {
        if (!secure && !config.isAllowPlainHttp() && (peer == null || !peer.isLoopbackAddress())) {
            refuse(route, peer, httpsUrl.get());
        }
        meters.counter(METRIC, "route", route.tag, "transport", secure ? "https" : "http").increment();
    }

    private static void refuse(Route route, InetAddress peer, String httpsUrl) {
        String from = peer == null ? "an unknown address" : peer.getHostAddress();
        throw new ServiceException(ServiceException.Kind.FORBIDDEN, PLAIN_HTTP_REFUSED,
                "This " + route.tag + " came over plain HTTP from " + from + ", so " + route.exposes
                        + " would cross the network in clear: " + (httpsUrl.startsWith("https://")
                        ? "use the appliance's https URL for instances (" + httpsUrl + ")"
                        : "turn on the appliance's HTTPS port for instances (flotilla.instance-tls.enabled)")
                        + ". IT can allow plain HTTP with flotilla.agent.allow-plain-http=true (unsafe).",
                Map.of("route", route.tag, "peer", from, "httpsUrl", httpsUrl));
    }
}
