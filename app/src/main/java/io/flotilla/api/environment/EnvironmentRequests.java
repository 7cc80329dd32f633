package io.flotilla.api.environment;

import io.flotilla.environment.CondaSpecs;
import io.flotilla.environment.RequirementLines;
import io.flotilla.environment.SpecValidator;
import io.flotilla.identity.Names;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * Request bodies of the software environment routes. Unknown fields are rejected. The create body is read as
 * {@link Create}; the document describes it as one of {@link PipSpec}, {@link CondaBody} and {@link ContainerSpec}.
 */
public final class EnvironmentRequests {
    static final String PIP = "PEP 508 requirement lines (name, [extras], version specifiers, ; markers; spaces, no"
            + " tabs). No URLs, paths or installer options; flotilla itself is always the appliance's and is refused.";
    static final String PYTHON = "Python version, major.minor; left out: the appliance's default";
    static final String ARCHITECTURE = "Left out: x86_64";
    static final String GPU = "Build for GPU workers; left out: false";
    static final String FORCE = "Build again even if the same spec is already built";
    static final String NOT_BUILDABLE = "A spec the workspace's builder cannot build (another provider could) is refused"
            + " with 409 not_buildable_here.";

    private EnvironmentRequests() {
    }

    /** What the create route reads: exactly one of pip, conda and container, checked by the service. */
    @Serdeable
    @Schema(hidden = true)
    public record Create(@NotNull String name, @Nullable List<String> pip, @Nullable Conda conda,
                         @Nullable String container, @Nullable String python, @Nullable String architecture,
                         @Nullable Boolean gpuEnabled, @Nullable Boolean forceRebuild) {
    }

    @Schema(name = "CreatePipEnvironment", additionalProperties = Schema.AdditionalPropertiesValue.FALSE,
            description = "A pip spec. " + NOT_BUILDABLE)
    public record PipSpec(@NotNull @Size(min = 1, max = 63) @Schema(pattern = Names.PATTERN) String name,
                          @NotNull @ArraySchema(minItems = 1, maxItems = SpecValidator.MAX_PIP_LINES, schema = @Schema(
                                  description = PIP, minLength = 1, maxLength = RequirementLines.MAX_LINE,
                                  pattern = RequirementLines.PATTERN)) List<String> pip,
                          @Nullable @Schema(description = PYTHON, pattern = SpecValidator.PYTHON_PATTERN) String python,
                          @Nullable @Schema(allowableValues = {"x86_64", "arm64"}, description = ARCHITECTURE) String architecture,
                          @Nullable @Schema(description = GPU) Boolean gpuEnabled,
                          @Nullable @Schema(description = FORCE) Boolean forceRebuild) {
    }

    @Schema(name = "CreateCondaEnvironment", additionalProperties = Schema.AdditionalPropertiesValue.FALSE,
            description = "A conda spec (needs conda or micromamba on the appliance for local builds). " + NOT_BUILDABLE)
    public record CondaBody(@NotNull @Size(min = 1, max = 63) @Schema(pattern = Names.PATTERN) String name,
                            @NotNull Conda conda,
                            @Nullable @Schema(description = PYTHON, pattern = SpecValidator.PYTHON_PATTERN) String python,
                            @Nullable @Schema(allowableValues = {"x86_64", "arm64"}, description = ARCHITECTURE) String architecture,
                            @Nullable @Schema(description = GPU) Boolean gpuEnabled,
                            @Nullable @Schema(description = FORCE) Boolean forceRebuild) {
    }

    @Schema(name = "CreateContainerEnvironment", additionalProperties = Schema.AdditionalPropertiesValue.FALSE,
            description = "A container image (providers that run containers). " + NOT_BUILDABLE)
    public record ContainerSpec(@NotNull @Size(min = 1, max = 63) @Schema(pattern = Names.PATTERN) String name,
                                @NotNull @Schema(description = "A container image reference", maxLength = 255,
                                        pattern = SpecValidator.IMAGE_PATTERN) String container,
                                @Nullable @Schema(description = PYTHON, pattern = SpecValidator.PYTHON_PATTERN) String python,
                                @Nullable @Schema(allowableValues = {"x86_64", "arm64"}, description = ARCHITECTURE) String architecture,
                                @Nullable @Schema(description = GPU) Boolean gpuEnabled,
                                @Nullable @Schema(description = FORCE) Boolean forceRebuild) {
    }

    @Serdeable
    @Schema(name = "CondaSpec", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record Conda(@NotNull @ArraySchema(minItems = 1, maxItems = 16, schema = @Schema(maxLength = 255,
                                pattern = CondaSpecs.CHANNEL_PATTERN)) List<String> channels,
                        @NotNull @ArraySchema(minItems = 1, maxItems = 500, schema = @Schema(maxLength = 200,
                                pattern = CondaSpecs.MATCH_SPEC_PATTERN)) List<String> dependencies) {
    }
}
