package io.flotilla.environment.sync;

import io.flotilla.environment.EnvironmentService;
import io.flotilla.environment.EnvironmentView;
import io.flotilla.environment.SpecJson;
import io.flotilla.environment.builder.EnvironmentSpec;
import io.flotilla.identity.Caller;
import jakarta.inject.Singleton;

/**
 * Package sync's environments are the engine's: create() reuses the version with the same spec hash (no build).
 */
@Singleton
public class EnvironmentServicePackageSyncEnvironments implements PackageSyncEnvironments {
    private final EnvironmentService environments;

    public EnvironmentServicePackageSyncEnvironments(EnvironmentService environments) {
        this.environments = environments;
    }

    /** Named by the engine's own build hash, so the name and the environment's specHash agree. */
    @Override
    public String nameFor(EnvironmentSpec spec) {
        return SyncedSpecName.PREFIX + SpecJson.hash(spec).substring(0, 12);
    }

    @Override
    public SyncedEnvironment create(Caller caller, String workspace, String name, EnvironmentSpec spec) {
        EnvironmentView view = environments.create(caller, workspace, name, spec, false);
        return new SyncedEnvironment(view.name(), view.version(), view.specHash(), view.state(), view.failure(), view.buildId());
    }
}
