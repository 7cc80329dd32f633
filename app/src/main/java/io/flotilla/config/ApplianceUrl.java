package io.flotilla.config;

import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

/** The URL cluster instances and users reach this appliance under. */
@Singleton
public class ApplianceUrl {
    private final FlotillaConfig config;
    private final Provider<EmbeddedServer> server;

    public ApplianceUrl(FlotillaConfig config, Provider<EmbeddedServer> server) {
        this.config = config;
        this.server = server;
    }

    /** {@code flotilla.public-url} when set, else this process's own HTTP address on the loopback interface. */
    public String forInstances() {
        String configured = config.getPublicUrl();
        if (configured != null && !configured.isBlank()) {
            return configured.replaceAll("/+$", "");
        }
        return "http://127.0.0.1:" + server.get().getPort();
    }
}
