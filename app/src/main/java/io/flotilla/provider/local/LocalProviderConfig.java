package io.flotilla.provider.local;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * Settings of the {@code local} compute provider ({@code flotilla.local.*}), which runs cluster instances
 * as detached process groups on the appliance's own machine.
 */
@ConfigurationProperties("flotilla.local")
public class LocalProviderConfig {
    /**
     * How long a terminated instance's processes get to exit after SIGTERM before they are sent SIGKILL.
     * Env: FLOTILLA_LOCAL_TERMINATE_GRACE (e.g. {@code 10s}).
     */
    private Duration terminateGrace = Duration.ofSeconds(10);
    /**
     * Address local instances listen on and are reached at (their "private address").
     * Env: FLOTILLA_LOCAL_HOST.
     */
    private String host = "127.0.0.1";

    public Duration getTerminateGrace() {
        return terminateGrace;
    }

    public void setTerminateGrace(Duration terminateGrace) {
        this.terminateGrace = terminateGrace;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }
}
