package io.flotilla.provider;

import java.time.Instant;
import java.util.Map;

/** An instance as the provider sees it now, found by its tags. */
public record ObservedInstance(String instanceId, String instanceName, InstanceRole role, Map<String, String> tags,
                               InstanceState state, Instant launchedAt, String privateAddress) {
}
