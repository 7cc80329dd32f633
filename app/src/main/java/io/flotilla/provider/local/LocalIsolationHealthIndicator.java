package io.flotilla.provider.local;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reports under {@code localIsolation} in {@code /health} whether local clusters run apart from the appliance
 * ({@code mode}: isolated, off, unavailable) with a sentence saying how. Always UP: running unisolated is a
 * choice the operator is told about, not an outage.
 */
@Singleton
public class LocalIsolationHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
    private final LocalIsolation isolation;

    public LocalIsolationHealthIndicator(LocalIsolation isolation) {
        this.isolation = isolation;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        healthStatus = HealthStatus.UP;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("mode", isolation.policy().mode().name().toLowerCase(java.util.Locale.ROOT));
        details.put("detail", isolation.detail());
        return details;
    }

    @Override
    protected String getName() {
        return "localIsolation";
    }
}
