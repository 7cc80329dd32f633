package io.flotilla.provider.gcp;

import com.google.api.client.http.HttpResponseException;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.compute.v1.ErrorDetails;
import com.google.cloud.compute.v1.Errors;
import com.google.cloud.compute.v1.Operation;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.flotilla.error.ServiceException;
import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A failed Compute Engine call or operation, classified: no capacity in the zone (try the next), a quota (fail
 * at once), the API not enabled in the project, or anything else. Built from an {@link ApiException} (the
 * client raised) or from a finished {@link Operation}'s {@code error} (the client does not always raise).
 *
 * @param kind    what the failure means for the caller
 * @param code    Compute Engine's error code (e.g. {@code ZONE_RESOURCE_POOL_EXHAUSTED}) or HTTP status name
 * @param message Compute Engine's message, with the quota's metric for a quota
 */
public record GceFailure(Kind kind, String code, String message) {
    /** What a failure means for the caller. */
    public enum Kind { CAPACITY, QUOTA, API_DISABLED, OTHER }

    /** Codes of a zone without capacity: another zone may have it. */
    public static final List<String> CAPACITY_CODES = List.of("ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS",
            "ZONE_RESOURCE_POOL_EXHAUSTED", "VM_MIN_COUNT_NOT_REACHED");
    /** Codes of an exhausted quota: no zone of the region helps. */
    public static final List<String> QUOTA_CODES = List.of("QUOTA_EXCEEDED", "GPUS_ALL_REGIONS", "quotaExceeded");
    private static final List<String> DISABLED_MARKERS = List.of("SERVICE_DISABLED", "accessNotConfigured",
            "has not been used in project", "it is disabled");

    /**
     * Whether the call failed because the resource exists (HTTP 409 {@code alreadyExists}); the HTTP/JSON client
     * raises an {@code AbortedException} for a 409, not an {@code AlreadyExistsException}.
     */
    public static boolean alreadyExists(ApiException e) {
        return e instanceof com.google.api.gax.rpc.AlreadyExistsException
                || e.getCause() instanceof HttpResponseException http && http.getStatusCode() == 409;
    }

    /** The failure of a finished operation, or null when it succeeded. */
    @Nullable
    public static GceFailure of(Operation operation) {
        if (!operation.hasError() || operation.getError().getErrorsCount() == 0) {
            return null;
        }
        List<Errors> errors = operation.getError().getErrorsList();
        for (Errors error : errors) {
            if (CAPACITY_CODES.contains(error.getCode())) {
                return new GceFailure(Kind.CAPACITY, error.getCode(), error.getMessage());
            }
            if (QUOTA_CODES.contains(error.getCode())) {
                return new GceFailure(Kind.QUOTA, error.getCode(), quotaMessage(error));
            }
        }
        return new GceFailure(Kind.OTHER, errors.get(0).getCode(), errors.stream()
                .map(e -> e.getCode() + ": " + e.getMessage()).collect(Collectors.joining("; ")));
    }

    /** The failure behind a raised client exception. */
    public static GceFailure of(ApiException e) {
        String content = e.getCause() instanceof HttpResponseException http ? http.getContent() : null;
        String text = (content == null ? "" : content) + " " + e.getMessage();
        String message = errorMessage(content, e);
        if (DISABLED_MARKERS.stream().anyMatch(text::contains)) {
            return new GceFailure(Kind.API_DISABLED, "SERVICE_DISABLED", message);
        }
        for (String code : CAPACITY_CODES) {
            if (text.contains(code)) {
                return new GceFailure(Kind.CAPACITY, code, message);
            }
        }
        for (String code : QUOTA_CODES) {
            if (text.contains(code)) {
                return new GceFailure(Kind.QUOTA, code, message);
            }
        }
        return new GceFailure(Kind.OTHER, e.getStatusCode().getCode().name(), message);
    }

    /** This failure as the error a user reads; {@code what} names the call, e.g. {@code creating instance x in zone z}. */
    public ServiceException toServiceException(String project, String what) {
        return switch (kind) {
            case QUOTA -> new ServiceException(ServiceException.Kind.LIMIT_EXCEEDED, "gcp_quota_exceeded",
                    "A Compute Engine quota of project " + project + " is exhausted (" + code + ") while " + what + ": "
                            + message, Map.of("code", code));
            case API_DISABLED -> apiDisabled(project);
            case CAPACITY -> new ServiceException(ServiceException.Kind.UNAVAILABLE, "gcp_capacity_exhausted",
                    "Compute Engine has no capacity (" + code + ") while " + what + ": " + message, Map.of("code", code));
            case OTHER -> new ServiceException(ServiceException.Kind.UNAVAILABLE, "gcp_error",
                    "Compute Engine refused " + what + " in project " + project + ": " + code + ": " + message,
                    Map.of("code", code));
        };
    }

    /** The one sentence for a project without the Compute Engine API. */
    public static ServiceException apiDisabled(String project) {
        return new ServiceException(ServiceException.Kind.UNAVAILABLE, "gcp_compute_api_disabled",
                "The Compute Engine API is not enabled in project " + project + ": enable compute.googleapis.com there"
                        + " (gcloud services enable compute.googleapis.com --project " + project + ") and try again.",
                Map.of("project", project));
    }

    private static String quotaMessage(Errors error) {
        String metric = error.getErrorDetailsList().stream().filter(ErrorDetails::hasQuotaInfo)
                .map(d -> d.getQuotaInfo().getMetricName()).filter(m -> !m.isBlank()).findFirst().orElse(null);
        return (metric == null ? "" : "quota metric " + metric + ": ") + error.getMessage();
    }

    private static String errorMessage(@Nullable String content, ApiException e) {
        if (content != null) {
            try {
                JsonElement root = JsonParser.parseString(content);
                if (root.isJsonObject() && root.getAsJsonObject().has("error")) {
                    JsonObject error = root.getAsJsonObject().getAsJsonObject("error");
                    if (error.has("message")) {
                        return error.get("message").getAsString();
                    }
                }
            } catch (RuntimeException notJson) {
                return content;
            }
        }
        return e.getMessage();
    }
}
