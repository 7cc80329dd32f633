package io.flotilla.secrets;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reports the secret store under the name {@code secretStore} in {@code /health} and
 * {@code /health/readiness}: DOWN with the reason when it is unreachable, sealed, or its key is missing.
 * Only routes that read or write secrets fail meanwhile; the rest of the API keeps working.
 */
@Singleton
public class SecretStoreHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
    private final SecretStore store;

    public SecretStoreHealthIndicator(SecretStore store) {
        this.store = store;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        SecretStore.Health health = store.health();
        healthStatus = health.isUp() ? HealthStatus.UP : HealthStatus.DOWN;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("store", store.describe());
        details.put("reason", health.reason());
        return details;
    }

    @Override
    protected String getName() {
        return "secretStore";
    }
}
