package io.flotilla.cluster.agent;

import io.micronaut.context.annotation.ConfigurationProperties;

/** How instances may talk to the appliance ({@code flotilla.agent.*}). */
@ConfigurationProperties("flotilla.agent")
public class AgentTransportConfig {
    /**
     * UNSAFE. Whether the appliance hands out instance keys (bootstrap) and takes heartbeats (cluster tokens) over
     * plain HTTP from a non-loopback peer; they then cross the network in clear. Only for a TLS load balancer on
     * another machine that forwards plain HTTP over a network IT trusts. Env: FLOTILLA_AGENT_ALLOW_PLAIN_HTTP.
     */
    private boolean allowPlainHttp = false;

    public boolean isAllowPlainHttp() {
        return allowPlainHttp;
    }

    public void setAllowPlainHttp(boolean allowPlainHttp) {
        this.allowPlainHttp = allowPlainHttp;
    }
}
