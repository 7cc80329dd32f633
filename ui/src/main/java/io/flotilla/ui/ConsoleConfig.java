package io.flotilla.ui;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * Settings of the admin console ({@code flotilla.console.*}), which runs on its own port inside the
 * appliance process.
 */
@ConfigurationProperties("flotilla.console")
public class ConsoleConfig {
    /**
     * Whether the console is served at all; {@code false} runs the appliance headless (REST API only).
     * Env: FLOTILLA_CONSOLE_ENABLED.
     */
    private boolean enabled = true;
    /** TCP port of the console; 0 or a negative value picks a free port (tests). Env: FLOTILLA_CONSOLE_PORT. */
    private int port = 8081;
    /** How long an idle console session stays signed in. Env: FLOTILLA_CONSOLE_SESSION_TIMEOUT. */
    private Duration sessionTimeout = Duration.ofMinutes(30);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public Duration getSessionTimeout() {
        return sessionTimeout;
    }

    public void setSessionTimeout(Duration sessionTimeout) {
        this.sessionTimeout = sessionTimeout;
    }
}
