package io.flotilla.api.auth;

import io.flotilla.api.error.ApiError;
import io.flotilla.identity.Caller;
import io.flotilla.identity.TokenService;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates every {@code /api/v1} request by its bearer token and attaches the {@link Caller};
 * controllers receive it as a parameter. A few routes are public (token by password, the OpenAPI
 * document).
 */
@ServerFilter("/api/v1/**")
public class BearerAuthFilter implements Ordered {
    /** Request attribute that holds the authenticated {@link Caller}. */
    public static final String CALLER_ATTRIBUTE = "flotilla.caller";
    private static final Set<String> PUBLIC_PREFIXES = Set.of("/api/v1/auth/", "/api/v1/openapi/", "/api/v1/agent/");
    private final TokenService tokens;

    public BearerAuthFilter(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order();
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<ApiError> authenticate(HttpRequest<?> request) {
        String path = request.getPath();
        if (PUBLIC_PREFIXES.stream().anyMatch(path::startsWith)) {
            return null;
        }
        Optional<Caller> caller = bearer(request).flatMap(tokens::authenticate);
        if (caller.isEmpty()) {
            return HttpResponse.<ApiError>status(HttpStatus.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .body(ApiError.of("unauthenticated",
                            "A valid API token is required: send 'Authorization: Bearer <token>'. The token may be unknown, revoked or expired.",
                            Map.of()));
        }
        request.setAttribute(CALLER_ATTRIBUTE, caller.get());
        return null;
    }

    /** The token of an {@code Authorization: Bearer <token>} header, if the request has one. */
    static Optional<String> bearer(HttpRequest<?> request) {
        return request.getHeaders().getAuthorization()
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).trim());
    }
}
