package io.flotilla.api.secrets;

import io.flotilla.secrets.workspace.WorkspaceSecret;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

import java.time.Instant;

/** Request and response bodies of the workspace secret routes. Responses never carry a value. */
public final class SecretViews {
    private SecretViews() {
    }

    @Serdeable
    @Schema(name = "PutSecretRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record PutSecret(@NotNull @Schema(description = "The secret value, at most 64 KiB (UTF-8). It is never returned.",
                                    minLength = 1)
                            String value) {
        @Override
        public String toString() {
            return "PutSecret[value=<hidden>]";
        }
    }

    @Serdeable
    @Schema(name = "WorkspaceSecret", description = "A workspace secret's name and metadata; the value is never shown")
    public record SecretView(String name, Instant createdAt, Instant updatedAt, String updatedBy) {
        public static SecretView of(WorkspaceSecret secret) {
            return new SecretView(secret.name(), secret.createdAt(), secret.updatedAt(), secret.updatedBy());
        }
    }
}
