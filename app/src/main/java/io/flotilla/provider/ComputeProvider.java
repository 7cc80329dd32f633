package io.flotilla.provider;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hooks a cloud (or this machine) offers to the cluster engine. Providers never touch the database and receive
 * plain values (a launch request with its tags; one provider instance per cloud account): each hook that changes
 * the cloud or the machine reports every change to the {@link CloudMutations} it is given, and the engine audits
 * them. Optional abilities are small extra interfaces, offered by {@link #cleanup()}, {@link #leftovers()} and {@link #interruptions()}.
 */
public interface ComputeProvider {
    /** Registry id: "local", "aws", "gcp". */
    String id();

    /** The cloud account this provider's calls go to, as the audit log names it (default: the provider id, e.g. {@code local}). */
    default String accountName() {
        return id();
    }

    ProviderCapabilities capabilities();

    /**
     * Starts one instance that runs the bootstrap agent. Idempotent: a second call with the same
     * request.idempotencyKey() returns the instance already started instead of starting another (and reports
     * nothing). Reports what it creates (instance or process, and e.g. security group, launch template, fleet),
     * also when it fails part way.
     */
    LaunchedInstance launch(LaunchRequest request, CloudMutations mutations);

    /** {@link #launch(LaunchRequest, CloudMutations)} without a record of the mutations (tests of a provider alone). */
    default LaunchedInstance launch(LaunchRequest request) {
        return launch(request, CloudMutations.UNRECORDED);
    }

    /**
     * Terminates the instances (idempotent; unknown ids are ignored). Graceful first, then forced after the grace.
     * Reports what it terminates or signals, and what it releases with them.
     */
    void terminate(Collection<String> instanceIds, CloudMutations mutations);

    /** {@link #terminate(Collection, CloudMutations)} without a record of the mutations (tests of a provider alone). */
    default void terminate(Collection<String> instanceIds) {
        terminate(instanceIds, CloudMutations.UNRECORDED);
    }

    /** Observes every instance that carries ALL the given tags (e.g. appliance id, or appliance + cluster). */
    List<ObservedInstance> list(Map<String, String> tagFilter);

    /**
     * Its per-cluster resource cleanup, when it holds resources besides instances; empty otherwise. Required (no
     * default) so that a wrapper (a test's fault injector, a metering decorator) passes its delegate's on rather than
     * dropping it silently.
     */
    Optional<ClusterResourceCleanup> cleanup();

    /** Its listing of clusters that hold resources besides instances, for the orphan sweeper; empty when it has none. */
    Optional<LeftoverResources> leftovers();

    /** Why the cloud took instances away itself (preemption), when it can say; empty otherwise. */
    Optional<InterruptionReasons> interruptions();
}
