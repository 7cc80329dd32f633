package io.flotilla.provider;

import io.flotilla.environment.builder.BuiltArtifact;
import io.micronaut.core.annotation.Nullable;

import java.util.List;
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
 * @param allowedCidrs   addresses allowed to reach the cluster's scheduler (the workspace's setting); empty: what
 *                       the provider's account allows; providers without firewalls ignore it
 * @param software       the cluster's built software environment (a venv's python, or an image), null: the
 *                       provider's default runtime
 */
public record LaunchRequest(String idempotencyKey, String instanceName, InstanceRole role, InstanceSize size,
                            Map<String, String> tags, AgentBoot boot, @Nullable String spotPolicy,
                            List<String> allowedCidrs, @Nullable BuiltArtifact software) {

    public LaunchRequest {
        allowedCidrs = allowedCidrs == null ? List.of() : List.copyOf(allowedCidrs);
    }

    /** A request on the provider's default runtime. */
    public LaunchRequest(String idempotencyKey, String instanceName, InstanceRole role, InstanceSize size,
                         Map<String, String> tags, AgentBoot boot, @Nullable String spotPolicy, List<String> allowedCidrs) {
        this(idempotencyKey, instanceName, role, size, tags, boot, spotPolicy, allowedCidrs, null);
    }

    /** A request whose scheduler ports are open to what the provider's account allows. */
    public LaunchRequest(String idempotencyKey, String instanceName, InstanceRole role, InstanceSize size,
                         Map<String, String> tags, AgentBoot boot, @Nullable String spotPolicy) {
        this(idempotencyKey, instanceName, role, size, tags, boot, spotPolicy, List.of());
    }

    /** A request with the provider's default spot policy. */
    public LaunchRequest(String idempotencyKey, String instanceName, InstanceRole role, InstanceSize size,
                         Map<String, String> tags, AgentBoot boot) {
        this(idempotencyKey, instanceName, role, size, tags, boot, null);
    }
}
