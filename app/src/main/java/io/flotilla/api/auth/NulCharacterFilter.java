package io.flotilla.api.auth;

import io.flotilla.api.error.ApiError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

import java.util.Locale;
import java.util.Map;

/**
 * Refuses, with 400, a path or query that carries a NUL character ({@code %00}): no name or text the API
 * stores may hold one (PostgreSQL text cannot), so it is bad input, not a reason for an internal error.
 * JSON bodies are checked by {@link io.flotilla.api.json.StrictStringDeserializer}.
 */
@ServerFilter("/api/v1/**")
public class NulCharacterFilter implements Ordered {
    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.before();
    }

    @RequestFilter
    @Nullable
    public HttpResponse<ApiError> refuseNul(HttpRequest<?> request) {
        String uri = request.getUri().getRawPath() + "?" + request.getUri().getRawQuery();
        if (!uri.toLowerCase(Locale.ROOT).contains("%00")) {
            return null;
        }
        return HttpResponse.<ApiError>status(HttpStatus.BAD_REQUEST).body(ApiError.of("invalid_input",
                "The request's path or query contains a NUL character (%00), which no name or value may hold.", Map.of()));
    }
}
