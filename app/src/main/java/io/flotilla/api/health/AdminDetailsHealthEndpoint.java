package io.flotilla.api.health;

import io.flotilla.api.auth.CallerPrincipal;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.endpoint.health.HealthLevelOfDetail;
import io.micronaut.management.health.aggregator.HealthAggregator;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;

import java.security.Principal;

/**
 * Micronaut's {@code /health} endpoint (and {@code /liveness}, {@code /readiness}) with Flotilla's rule for
 * {@code endpoints.health.details-visible: AUTHENTICATED}: every indicator's details go to appliance admins
 * (bearer API token), everyone else gets the status only. {@code ANONYMOUS} and {@code NEVER} keep their meaning.
 */
@Replaces(HealthEndpoint.class)
@Endpoint(value = HealthEndpoint.NAME, defaultSensitive = HealthEndpoint.DEFAULT_SENSITIVE)
public class AdminDetailsHealthEndpoint extends HealthEndpoint {
    public AdminDetailsHealthEndpoint(HealthAggregator<HealthResult> healthAggregator, HealthIndicator[] healthIndicators,
                                      @Liveness HealthIndicator[] livenessHealthIndicators) {
        super(healthAggregator, healthIndicators, livenessHealthIndicators);
    }

    @Override
    protected HealthLevelOfDetail levelOfDetail(@Nullable Principal principal) {
        boolean details = switch (getDetailsVisible()) {
            case ANONYMOUS -> true;
            case AUTHENTICATED -> principal instanceof CallerPrincipal caller && caller.caller().applianceAdmin();
            default -> false;
        };
        return details ? HealthLevelOfDetail.STATUS_DESCRIPTION_DETAILS : HealthLevelOfDetail.STATUS;
    }
}
