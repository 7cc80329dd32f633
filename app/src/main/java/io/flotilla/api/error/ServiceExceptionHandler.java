package io.flotilla.api.error;

import io.flotilla.error.ServiceException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns service-layer failures into their HTTP status and the {@link ApiError} body. */
@Produces
@Singleton
public class ServiceExceptionHandler implements ExceptionHandler<ServiceException, HttpResponse<ApiError>> {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceExceptionHandler.class);

    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, ServiceException e) {
        HttpStatus status = statusOf(e.kind());
        if (status.getCode() >= 500 && !e.details().containsKey(ServiceException.RETRY_AFTER_SECONDS)) {
            LOG.warn("{} {} -> {}: {}", request.getMethod(), request.getPath(), status.getCode(), e.getMessage(), e.getCause());
        }
        MutableHttpResponse<ApiError> response = HttpResponse.<ApiError>status(status)
                .body(ApiError.of(e.code(), e.getMessage(), e.details()));
        Object retryAfter = e.details().get(ServiceException.RETRY_AFTER_SECONDS);
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfter.toString());
        }
        return response;
    }

    static HttpStatus statusOf(ServiceException.Kind kind) {
        return switch (kind) {
            case INVALID_INPUT -> HttpStatus.BAD_REQUEST;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case GONE -> HttpStatus.GONE;
            case LIMIT_EXCEEDED -> HttpStatus.TOO_MANY_REQUESTS;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }
}
