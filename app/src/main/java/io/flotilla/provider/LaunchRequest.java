package io.flotilla.provider;

import io.micronaut.core.annotation.Nullable;

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
 * @param spotPolicy     how a worker is bought ({@code on-demand}, {@code spot}, {@code spot_with_fallback}), or
 *                       null for the provider's default; schedulers are always on-demand, providers without
 *                       purchase options ignore it
 */
public record LaunchRequest(String idempotencyKey, String instanceName, InstanceRole role, InstanceSize size,
                            Map<String, String> tags, AgentBoot boot, @Nullable String spotPolicy) {

    /** A request with the provider's default spot policy. */
    public LaunchRequest(String idempotencyKey, String instanceName, InstanceRole role, InstanceSize size,
                         Map<String, String> tags, AgentBoot boot) {
        this(idempotencyKey, instanceName, role, size, tags, boot, null);
    }
}
