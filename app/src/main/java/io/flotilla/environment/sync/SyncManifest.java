package io.flotilla.environment.sync;

import io.flotilla.environment.build.WheelRef;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * What the client captured of its local environment for package sync: interpreter, platform, every installed
 * distribution, and the problems {@code pip check} reported.
 */
@Serdeable
@Schema(name = "PackageSyncManifest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record SyncManifest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The client's Python version, e.g. 3.11.7", example = "3.11.7") String python,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The client's sys.platform: linux, darwin, win32", example = "linux") String platform,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The client's machine architecture: x86_64 (amd64) or arm64 (aarch64)", example = "x86_64") String architecture,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Installed distributions, each once") List<SyncPackage> packages,
        @Nullable @Schema(description = "Lines of `pip check` output (broken requirements)") List<String> problems) {

    /** One installed distribution. */
    @Serdeable
    @Schema(name = "PackageSyncPackage", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record SyncPackage(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Distribution name", example = "pandas") String name,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Installed version", example = "2.2.3") String version,
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
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The wheel's file name", example = "my_lib-0.1.0-py3-none-any.whl") String filename,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "SHA-256 of the wheel, lower-case hex") String sha256) {

        public WheelRef ref() {
            return new WheelRef(filename, sha256);
        }
    }

    /** The problems, never null. */
    public List<String> problemsOrEmpty() {
        return problems == null ? List.of() : problems;
    }
}
