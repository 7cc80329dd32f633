package io.flotilla.api.environment;

import io.flotilla.environment.SpecValidator;
import io.flotilla.identity.Names;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/** Request bodies of the software environment routes. Unknown fields are rejected. */
public final class EnvironmentRequests {
    private EnvironmentRequests() {
    }

    @Serdeable
    @Schema(name = "CreateSoftwareEnvironmentRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE,
            description = "Exactly one of pip, conda and container.")
    public record Create(@NotNull @Size(min = 1, max = 63) @Schema(pattern = Names.PATTERN, requiredMode = Schema.RequiredMode.REQUIRED) String name,
                         @Nullable @ArraySchema(maxItems = SpecValidator.MAX_PIP_LINES, schema = @Schema(
                                 description = "A PEP 508 requirement: name, [extras], version specifiers, ; markers."
                                         + " No URLs, paths or installer options.", minLength = 1, maxLength = 200,
                                 example = "six==1.17.0")) List<String> pip,
                         @Nullable Conda conda,
                         @Nullable @Schema(description = "A container image reference (providers with container support)",
                                 maxLength = 255, example = "ghcr.io/org/image:1.2") String container,
                         @Nullable @Schema(description = "Python version, major.minor; left out: the appliance's default",
                                 pattern = SpecValidator.PYTHON_PATTERN, example = "3.11") String python,
                         @Nullable @Schema(allowableValues = {"x86_64", "arm64"}, description = "Left out: x86_64") String architecture,
                         @Nullable @Schema(description = "Build for GPU workers; left out: false") Boolean gpuEnabled,
                         @Nullable @Schema(description = "Build again even if the same spec is already built") Boolean forceRebuild) {
    }

    @Serdeable
    @Schema(name = "CondaSpec", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record Conda(@NotNull @ArraySchema(minItems = 1, maxItems = 16, schema = @Schema(example = "conda-forge",
                                maxLength = 255)) List<String> channels,
                        @NotNull @ArraySchema(minItems = 1, maxItems = 500, schema = @Schema(example = "numpy=2.1",
                                maxLength = 200)) List<String> dependencies) {
    }
}
