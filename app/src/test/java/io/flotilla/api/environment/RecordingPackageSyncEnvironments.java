package io.flotilla.api.environment;

import io.flotilla.environment.builder.EnvironmentSpec;
import io.flotilla.environment.sync.PackageSyncEnvironments;
import io.flotilla.environment.sync.SyncedSpecName;
import io.flotilla.identity.Caller;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test-only stand-in for the environment engine (with {@code flotilla.test.package-sync-recorder=true}): records
 * every spec package sync hands over and, like the engine, returns the same environment for the same spec.
 */
@Singleton
@Primary
@Requires(property = "flotilla.test.package-sync-recorder", value = "true")
public class RecordingPackageSyncEnvironments implements PackageSyncEnvironments {
    /** One create call. */
    public record Call(String workspace, String name, EnvironmentSpec spec) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, SyncedEnvironment> byHash = new ConcurrentHashMap<>();

    @Override
    public SyncedEnvironment create(Caller caller, String workspace, String name, EnvironmentSpec spec) {
        calls.add(new Call(workspace, name, spec));
        String hash = SyncedSpecName.digest(spec);
        return byHash.computeIfAbsent(workspace + "/" + hash,
                k -> new SyncedEnvironment(name, 1, hash, "queued", null, UUID.randomUUID()));
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }
}
