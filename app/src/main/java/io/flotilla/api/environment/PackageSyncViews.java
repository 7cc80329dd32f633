package io.flotilla.api.environment;

import io.flotilla.environment.sync.ClassifiedPackage;
import io.flotilla.environment.sync.PackageSyncEnvironments.SyncedEnvironment;
import io.flotilla.environment.sync.PackageSyncService.SyncResult;
import io.flotilla.environment.sync.SyncIssue;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.UUID;

/** JSON bodies of the package-sync routes. */
public final class PackageSyncViews {
    private PackageSyncViews() {
    }

    /** An uploaded wheel. */
    @Serdeable
    @Schema(name = "Wheel")
    public record WheelView(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String filename,
                            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "SHA-256, lower-case hex") String sha256) {
    }

    /** The software environment a sync recorded. */
    @Serdeable
    @Schema(name = "PackageSyncEnvironment")
    public record EnvironmentView(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "package-sync-3f2a9c0b1d4e") String name,
                                  @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int version,
                                  @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String specHash,
                                  @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"queued", "building", "ready", "failed"}) String state,
                                  @Nullable String failure, @Nullable UUID buildId) {
        static EnvironmentView of(SyncedEnvironment e) {
            return new EnvironmentView(e.name(), e.version(), e.specHash(), e.state(), e.failure(), e.buildId());
        }
    }

    /** What package sync does with one package. */
    @Serdeable
    @Schema(name = "PackageSyncDecision")
    public record PackageView(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
                              @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String version,
                              @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"critical", "loose", "ignore"}) String level,
                              @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"pin", "approximate", "wheel", "substitute", "skip"}) String action,
                              @Nullable @Schema(description = "The requirement the cluster installs, e.g. pandas==2.2.3") String pin,
                              @Nullable String note) {
        static PackageView of(ClassifiedPackage p) {
            return new PackageView(p.name(), p.version(), p.level().wire(), p.action(), p.pin(), p.note());
        }
    }

    /** The answer of a package sync. */
    @Serdeable
    @Schema(name = "PackageSyncResult")
    public record SyncView(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) EnvironmentView environment,
                           @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<PackageView> packages,
                           @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Issues that did not refuse the sync, as sentences") List<String> warnings) {
        static SyncView of(SyncResult result) {
            return new SyncView(EnvironmentView.of(result.environment()),
                    result.classification().packages().stream().map(PackageView::of).toList(),
                    result.classification().issues().stream().map(SyncIssue::sentence).toList());
        }
    }
}
