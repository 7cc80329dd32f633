package io.flotilla.provider;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Hooks a cloud (or this machine) offers to the cluster engine. Providers never touch the database. */
public interface ComputeProvider {
    /** Registry id: "local", "aws", "gcp". */
    String id();

    ProviderCapabilities capabilities();

    /**
     * Starts one instance that runs the bootstrap agent. Idempotent: a second call with the same
     * request.idempotencyKey() returns the instance already started instead of starting another.
     */
    LaunchedInstance launch(LaunchRequest request);

    /** Terminates the instances (idempotent; unknown ids are ignored). Graceful first, then forced after the grace. */
    void terminate(Collection<String> instanceIds);

    /** Observes every instance that carries ALL the given tags (e.g. appliance id, or appliance + cluster). */
    List<ObservedInstance> list(Map<String, String> tagFilter);
}
