package io.flotilla.error;

import java.util.Map;

/**
 * A failure that the service layer reports to its caller in words a user can act on. The REST layer
 * turns each kind into its HTTP status; the console shows the message.
 */
public class ServiceException extends RuntimeException {
    /** What went wrong, in the terms of the public API. */
    public enum Kind {
        INVALID_INPUT, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, GONE, LIMIT_EXCEEDED, UNAVAILABLE
    }

    /** Detail key: when set on an UNAVAILABLE error, clients should retry after this many seconds. */
    public static final String RETRY_AFTER_SECONDS = "retryAfterSeconds";
    private final Kind kind;
    private final String code;
    private final transient Map<String, Object> details;

    public ServiceException(Kind kind, String code, String message, Map<String, Object> details) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.details = details == null ? Map.of() : Map.copyOf(details);
    }

    public ServiceException(Kind kind, String code, String message, Map<String, Object> details, Throwable cause) {
        this(kind, code, message, details);
        initCause(cause);
    }

    public Kind kind() {
        return kind;
    }

    /** Stable machine-readable code, e.g. {@code workspace_not_found}. */
    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    public static ServiceException notFound(String what, String id) {
        return new ServiceException(Kind.NOT_FOUND, what + "_not_found",
                "No " + what.replace('_', ' ') + " '" + id + "' exists, or you cannot see it.", Map.of(what, id));
    }

    public static ServiceException forbidden(String message) {
        return new ServiceException(Kind.FORBIDDEN, "forbidden", message, Map.of());
    }

    public static ServiceException conflict(String code, String message) {
        return new ServiceException(Kind.CONFLICT, code, message, Map.of());
    }

    public static ServiceException invalid(String field, String message) {
        return new ServiceException(Kind.INVALID_INPUT, "invalid_input", message, Map.of("field", field));
    }

    public static ServiceException unavailable(String code, String message, Throwable cause) {
        return new ServiceException(Kind.UNAVAILABLE, code, message, Map.of(), cause);
    }
}
