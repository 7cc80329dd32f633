package io.flotilla.api.auth;

import io.flotilla.identity.TokenService;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * Identifies the caller of {@code /health} and its probes ({@code /health/liveness}, {@code /health/readiness})
 * by a bearer token when one is sent, so the health endpoint can show details to appliance admins. It never
 * refuses a request: load balancers and probes send no token, and an unknown token just gets the status.
 */
@ServerFilter({HealthCallerFilter.HEALTH_PATH, HealthCallerFilter.HEALTH_PATH + "/**"})
public class HealthCallerFilter implements Ordered {
    /** Where Micronaut serves the health endpoint (the same expression as its own health filters). */
    static final String HEALTH_PATH = "${endpoints.all.path:/}${endpoints.health.id:health}";
    private final TokenService tokens;

    public HealthCallerFilter(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order();
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    public void identify(HttpRequest<?> request) {
        BearerAuthFilter.bearer(request).flatMap(tokens::authenticate)
                .ifPresent(caller -> request.setAttribute(BearerAuthFilter.CALLER_ATTRIBUTE, caller));
    }
}
