package io.flotilla.environment.sync;

import io.flotilla.environment.builder.EnvironmentSpec;
import io.flotilla.identity.Caller;
import io.micronaut.core.annotation.Nullable;

import java.util.UUID;

/**
 * The one thing package sync needs from the environment engine: record (or find) the software environment of a
 * synced spec and queue its build. The engine's implementation calls
 * {@code EnvironmentService.create(caller, workspace, name, spec, false)}; identical specs give the same name and
 * reuse the existing build.
 */
public interface PackageSyncEnvironments {

    /** The environment as package sync reports it (a subset of the engine's EnvironmentView). */
    record SyncedEnvironment(String name, int version, String specHash, String state, @Nullable String failure,
                             @Nullable UUID buildId) {
    }

    /** The environment name of a synced spec: {@code package-sync-<first 12 hex of its spec hash>}. */
    default String nameFor(EnvironmentSpec spec) {
        return SyncedSpecName.of(spec);
    }

    /** Creates the environment {@code name} with {@code spec} in the workspace, or returns the one with that spec. */
    SyncedEnvironment create(Caller caller, String workspace, String name, EnvironmentSpec spec);
}
