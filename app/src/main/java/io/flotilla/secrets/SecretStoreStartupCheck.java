package io.flotilla.secrets;

import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Async;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the secret store once at startup, in the background, and logs an error with the reason when
 * it is DOWN (e.g. Vault sealed, or the embedded key file missing while secrets are stored).
 */
@Singleton
public class SecretStoreStartupCheck {
    private static final Logger LOG = LoggerFactory.getLogger(SecretStoreStartupCheck.class);
    private final SecretStore store;

    public SecretStoreStartupCheck(SecretStore store) {
        this.store = store;
    }

    @EventListener
    @Async
    void onStartup(StartupEvent event) {
        SecretStore.Health health = store.health();
        if (!health.isUp()) {
            LOG.error("The secret store is DOWN: {} Routes that read or write secrets answer 503 until it is fixed.",
                    health.reason());
        }
    }
}
