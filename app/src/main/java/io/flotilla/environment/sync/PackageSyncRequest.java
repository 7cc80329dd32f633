package io.flotilla.environment.sync;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** A package-sync request: the manifest and the user's package-sync options. */
@Serdeable
@Schema(name = "PackageSyncRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record PackageSyncRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) SyncManifest manifest,
        @Nullable @Schema(description = "Every package must match exactly: no approximation (package_sync_strict)") Boolean strict,
        @Nullable @ArraySchema(maxItems = ManifestRules.MAX_IGNORED, schema = @Schema(type = "string", pattern = PackageNames.PATTERN),
                arraySchema = @Schema(description = "Packages left out of the cluster's environment (package_sync_ignore)")) List<String> ignore,
        @Nullable @Schema(description = "Which issues refuse the sync; critical-only when absent",
                allowableValues = {"critical-only", "warning-or-higher", "any"}) String failOn) {
}
