package io.flotilla.api.error;

import io.flotilla.audit.RequestIds;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gives errors raised by the framework itself (unknown route, malformed JSON, wrong types, unknown
 * fields, body too large, validation) the same {@link ApiError} shape as service errors. Internal
 * errors show the request id and nothing of the exception; the log keeps the stack trace.
 */
@Primary
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class JsonErrorProcessor implements ErrorResponseProcessor<ApiError> {
    private static final Logger LOG = LoggerFactory.getLogger(JsonErrorProcessor.class);

    @Override
    public MutableHttpResponse<ApiError> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        if (status == HttpStatus.REQUEST_ENTITY_TOO_LARGE) {
            // the HTTP decoder answers 413 for a request line or headers over its limits too; say which it was
            status = tooLong(context).orElse(status);
            response.status(status);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        List<String> messages = context.getErrors().stream().map(Error::getMessage).toList();
        String message;
        if (status.getCode() >= 500) {
            context.getRootCause().ifPresent(e -> LOG.error("Internal error serving {} {}", context.getRequest().getMethod(),
                    context.getRequest().getPath(), e));
            message = "Something went wrong inside Flotilla. The administrator can find the cause in the log under request id "
                    + RequestIds.current() + ".";
        } else if (status == HttpStatus.BAD_REQUEST && context.getRootCause().isPresent()) {
            message = "The request is not valid: " + deepestMessage(context.getRootCause().get());
        } else {
            message = describe(status, messages);
            if (messages.size() > 1) {
                details.put("problems", messages);
            }
        }
        return response.contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(ApiError.of(codeOf(status), message, details));
    }

    private static String describe(HttpStatus status, List<String> messages) {
        return switch (status) {
            case NOT_FOUND -> "There is no such resource or route. Check the path against the API reference at /api-docs.";
            case METHOD_NOT_ALLOWED -> "This route does not accept that HTTP method.";
            case REQUEST_ENTITY_TOO_LARGE -> "The request body is too large (the limit is 1 MB).";
            case REQUEST_URI_TOO_LONG -> "The request's URL is too long (the limit is 4 KB with the method and protocol).";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "The request's headers are too large (the limit is 8 KB).";
            case UNSUPPORTED_MEDIA_TYPE -> "The request body must be JSON (Content-Type: application/json).";
            case UNAUTHORIZED -> "Authentication is required: send 'Authorization: Bearer <token>'.";
            default -> messages.isEmpty() ? status.getReason() : "The request is not valid: " + String.join("; ", messages);
        };
    }

    /** 414 or 431 when the decoder refused the request line or the headers (Netty's too-long exceptions). */
    private static Optional<HttpStatus> tooLong(ErrorContext context) {
        for (Throwable t = context.getRootCause().orElse(null); t != null; t = t.getCause()) {
            if (t instanceof TooLongHttpLineException) {
                return Optional.of(HttpStatus.REQUEST_URI_TOO_LONG);
            }
            if (t instanceof TooLongHttpHeaderException) {
                return Optional.of(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE);
            }
        }
        return Optional.empty();
    }

    /** The most specific cause's message, first line only: it names the field and the problem. */
    private static String deepestMessage(Throwable error) {
        String message = error.getMessage();
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof NullPointerException) {
                // a body without a value for a field that must have one: the JVM's words name internals, not the field
                return "a required field is missing or null (the API reference at /api-docs lists each request's required fields)";
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        String firstLine = message == null ? "malformed request" : message.lines().findFirst().orElse("").trim();
        return firstLine.length() > 300 ? firstLine.substring(0, 300) + "..." : firstLine;
    }

    private static String codeOf(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "invalid_input";
            case UNAUTHORIZED -> "unauthenticated";
            case FORBIDDEN -> "forbidden";
            case NOT_FOUND -> "not_found";
            case METHOD_NOT_ALLOWED -> "method_not_allowed";
            case REQUEST_ENTITY_TOO_LARGE -> "body_too_large";
            case REQUEST_URI_TOO_LONG -> "url_too_long";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "headers_too_large";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported_media_type";
            case UNPROCESSABLE_ENTITY -> "invalid_input";
            default -> status.getCode() >= 500 ? "internal_error" : "bad_request";
        };
    }
}
