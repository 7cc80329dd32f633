package io.flotilla.environment.sync;

import io.flotilla.environment.builder.WheelRef;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * What the client captured of its local environment for package sync: interpreter, platform, every installed
 * distribution, and the problems {@code pip check} reported.
 */
@Serdeable
@Schema(name = "PackageSyncManifest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record SyncManifest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The client's Python version, e.g. 3.11.7", example = "3.11.7",
                pattern = Versions.PYTHON_PATTERN) String python,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The client's sys.platform: linux, darwin, win32", example = "linux",
                pattern = ManifestRules.PLATFORM_PATTERN) String platform,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The client's machine architecture: x86_64 (amd64) or arm64 (aarch64), any case", example = "x86_64",
                pattern = ManifestRules.ARCHITECTURE_PATTERN) String architecture,
        @ArraySchema(minItems = 1, maxItems = ManifestRules.MAX_PACKAGES,
                arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Installed distributions, each once")) List<SyncPackage> packages,
        @Nullable @ArraySchema(maxItems = ManifestRules.MAX_PROBLEMS, schema = @Schema(type = "string", maxLength = ManifestRules.MAX_PROBLEM_LENGTH),
                arraySchema = @Schema(description = "Lines of `pip check` output (broken requirements)")) List<String> problems) {

    /** One installed distribution. */
    @Serdeable
    @Schema(name = "PackageSyncPackage", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record SyncPackage(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Distribution name", example = "pandas",
                    pattern = PackageNames.PATTERN) String name,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Installed version", example = "2.2.3",
                    pattern = Versions.SAFE_PATTERN) String version,
            @Nullable @Schema(description = "Where it came from; pypi when absent", allowableValues = {"pypi", "wheel", "editable", "conda"}) String source,
            @Nullable @Schema(description = "The uploaded wheel of a local or editable package") SyncWheel wheel) {

        /** The source, pypi when the client sent none. */
        public String sourceOrDefault() {
            return source == null ? "pypi" : source;
        }
    }

    /** An uploaded wheel as the manifest names it. */
    @Serdeable
    @Schema(name = "PackageSyncWheel", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record SyncWheel(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The wheel's file name", example = "my_lib-0.1.0-py3-none-any.whl",
                    pattern = WheelFileName.PATTERN, maxLength = WheelFileName.MAX_LENGTH) String filename,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "SHA-256 of the wheel, lower-case hex", pattern = "^[0-9a-f]{64}$") String sha256) {

        public WheelRef ref() {
            return new WheelRef(filename, sha256);
        }
    }

    /** The problems, never null. */
    public List<String> problemsOrEmpty() {
        return problems == null ? List.of() : problems;
    }
}
