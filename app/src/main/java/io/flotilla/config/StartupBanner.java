package io.flotilla.config;

import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells the operator where the API answers once the HTTP server is up. */
@Singleton
public class StartupBanner {
    private static final Logger LOG = LoggerFactory.getLogger(StartupBanner.class);

    @EventListener
    void onServerStarted(ServerStartupEvent event) {
        String base = event.getSource().getURL().toString().replaceAll("/$", "");
        LOG.info("Flotilla REST API ready: {}/api/v1  (reference: {}/api-docs/index.html, health: {}/health)", base, base, base);
    }
}
