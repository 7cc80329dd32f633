package io.flotilla.api.error;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Map;

/** The body of every error the API returns. */
@Serdeable
@Schema(name = "Error", description = "Every API error: a stable code, a sentence for people, and details.")
public record ApiError(
        @Schema(description = "Stable machine-readable code, e.g. workspace_not_found", example = "invalid_input") String error,
        @Schema(description = "What went wrong, in a sentence a person can act on") String message,
        @Schema(description = "Extra facts about the error (field names, limits, the request id)") Map<String, Object> details) {
}
