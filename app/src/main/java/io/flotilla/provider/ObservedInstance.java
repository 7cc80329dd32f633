package io.flotilla.provider;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.Map;

/**
 * An instance as the provider sees it now, found by its tags.
 *
 * @param stopReason why the cloud stopped it without being asked (e.g. a Spot VM preempted), for an instance in
 *                   {@link InstanceState#TERMINATED} or {@link InstanceState#STOPPING}; null otherwise or when the
 *                   cloud does not say
 */
public record ObservedInstance(String instanceId, String instanceName, InstanceRole role, Map<String, String> tags,
                               InstanceState state, Instant launchedAt, String privateAddress, @Nullable String stopReason) {

    /** An instance the cloud gives no stop reason for. */
    public ObservedInstance(String instanceId, String instanceName, InstanceRole role, Map<String, String> tags,
                            InstanceState state, Instant launchedAt, String privateAddress) {
        this(instanceId, instanceName, role, tags, state, launchedAt, privateAddress, null);
    }

    /** Whether the cloud took the instance away itself (interruption, preemption) rather than on request or by failure. */
    public boolean interrupted() {
        return stopReason != null && (state == InstanceState.TERMINATED || state == InstanceState.STOPPING);
    }
}
