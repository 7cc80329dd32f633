package io.flotilla.provider.gcp.iam;

import com.google.api.client.http.HttpResponseException;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.api.gax.rpc.PermissionDeniedException;
import com.google.api.gax.rpc.UnauthenticatedException;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Reads Google's error answers: the message and {@code ErrorInfo} reason the client library keeps in its cause. */
final class GoogleAnswers {
    static final String SERVICE_DISABLED = "SERVICE_DISABLED";
    private static final int MAX_MESSAGE = 400;

    private GoogleAnswers() {
    }

    /** One sentence saying why a call to {@code api} on {@code project} failed and what to do. */
    static String describe(ApiException e, String api, String service, String project) {
        Error error = error(e);
        if (e instanceof PermissionDeniedException && (SERVICE_DISABLED.equals(error.reason())
                || error.message().contains("has not been used") || error.message().contains("is disabled"))) {
            return "The " + api + " is not enabled in project " + project + ": enable it with gcloud services enable "
                    + service + " --project=" + project + " (Google said: " + error.message() + ").";
        }
        if (e instanceof PermissionDeniedException) {
            return "Google refused the check on project " + project + " (the project may not exist, or the credentials"
                    + " have no access to it): " + error.message();
        }
        if (e instanceof UnauthenticatedException) {
            return "Google did not accept the credentials: " + error.message();
        }
        if (e instanceof NotFoundException) {
            return "Project " + project + " was not found: " + error.message();
        }
        return "The " + api + " could not be asked (" + e.getStatusCode().getCode() + "): " + error.message();
    }

    /** Google's {@code error.message} and the first {@code ErrorInfo} reason, falling back to the exception's message. */
    static Error error(ApiException e) {
        String reason = e.getReason();
        String message = null;
        if (e.getCause() instanceof HttpResponseException http && http.getContent() != null) {
            try {
                Map<String, Object> body = ObjectMapper.getDefault().readValue(http.getContent(), Argument.mapOf(String.class, Object.class));
                if (body.get("error") instanceof Map<?, ?> err) {
                    message = err.get("message") instanceof String text ? text : null;
                    if (reason == null && err.get("details") instanceof List<?> details) {
                        reason = details.stream().filter(Map.class::isInstance).map(d -> ((Map<?, ?>) d).get("reason"))
                                .filter(String.class::isInstance).map(String.class::cast).findFirst().orElse(null);
                    }
                }
            } catch (IOException | RuntimeException notJson) {
                message = http.getContent();
            }
        }
        if (message == null) {
            message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        message = message.replaceAll("\\s+", " ").strip();
        return new Error(reason, message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message);
    }

    record Error(String reason, String message) {
    }
}
