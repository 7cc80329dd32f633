package io.flotilla.cluster.engine;

import io.flotilla.cluster.ClusterStatus;
import io.flotilla.provider.InstanceRole;

import java.util.UUID;

/** One step of a reconcile plan. The {@link Reconciler} decides them; the {@link PlanExecutor} applies them. */
public sealed interface Action {
    /** PENDING → STARTING. */
    record StartProvisioning() implements Action { }

    /** Write a new instance row (it is launched by a later {@link Launch}). */
    record CreateInstance(InstanceRole role) implements Action { }

    /** Issue a fresh bootstrap token and ask the provider to launch the row's instance. */
    record Launch(UUID instanceId) implements Action { }

    /** The provider has the instance (found by tag) but the row lacks its id: record it. */
    record Checkpoint(UUID instanceId, String providerInstanceId, String address) implements Action { }

    /** Ask a worker to leave (graceful retire through the heartbeat, then termination). */
    record Retire(UUID instanceId, String reason) implements Action { }

    /** Terminate the instance at the provider and mark the row stopped. */
    record Terminate(UUID instanceId, String providerInstanceId, String reason) implements Action { }

    /** The instance is gone at the provider: mark the row stopped with this reason. */
    record InstanceGone(UUID instanceId, String reason) implements Action { }

    /** STARTING → RUNNING: the scheduler reported in. */
    record MarkRunning() implements Action { }

    /** Set the target to STOPPED with a reason (user request, idle, no client, heartbeat lost, failed: …). */
    record RequestStop(String reason) implements Action { }

    /** STARTING/RUNNING → STOPPING. */
    record BeginStopping() implements Action { }

    /** Every instance is gone: STOPPING → STOPPED or FAILED. */
    record Finish(ClusterStatus status) implements Action { }
}
