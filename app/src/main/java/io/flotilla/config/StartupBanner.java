package io.flotilla.config;

import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells the operator where the API answers once the (main) HTTP server is up. */
@Singleton
public class StartupBanner {
    private static final Logger LOG = LoggerFactory.getLogger(StartupBanner.class);
    private final Provider<EmbeddedServer> mainServer;

    public StartupBanner(Provider<EmbeddedServer> mainServer) {
        this.mainServer = mainServer;
    }

    @EventListener
    void onServerStarted(ServerStartupEvent event) {
        if (event.getSource() != mainServer.get()) {
            return; // the instance HTTPS server announces itself (InstanceTlsServer)
        }
        String base = event.getSource().getURL().toString().replaceAll("/$", "");
        LOG.info("Flotilla REST API ready: {}/api/v1  (reference: {}/api-docs/index.html, health: {}/health)", base, base, base);
    }
}
