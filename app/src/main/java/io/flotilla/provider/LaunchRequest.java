package io.flotilla.provider;

import java.util.Map;

/**
 * One instance to start.
 *
 * @param idempotencyKey unique per intended instance (e.g. cluster id + instance name); a retried launch
 *                       with the same key returns the instance already started
 * @param instanceName   the name the engine knows the instance by, e.g. {@code worker-3}
 * @param role           scheduler or worker
 * @param size           sizing hints
 * @param tags           ownership tags ({@link ResourceTags}), written at creation
 * @param boot           what the instance's agent receives
 */
public record LaunchRequest(String idempotencyKey, String instanceName, InstanceRole role, InstanceSize size,
                            Map<String, String> tags, AgentBoot boot) {
}
