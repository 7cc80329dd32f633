package io.flotilla.api.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.flotilla.audit.RequestIds;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.LinkedHashMap;
import java.util.Map;

/** The body of every error the API returns. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "Error", description = "Every API error: a stable code, a sentence for people, and details.")
public record ApiError(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Stable machine-readable code, e.g. workspace_not_found", example = "invalid_input") String error,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "What went wrong, in a sentence a person can act on") String message,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Extra facts about the error (field names, limits, the request id); values of any JSON type",
                additionalProperties = Schema.AdditionalPropertiesValue.TRUE) Map<String, Object> details) {

    /** An error whose details also carry the id of the current request, for support. */
    public static ApiError of(String error, String message, Map<String, Object> details) {
        Map<String, Object> all = new LinkedHashMap<>(details);
        all.putIfAbsent("requestId", RequestIds.current());
        return new ApiError(error, message, all);
    }
}
