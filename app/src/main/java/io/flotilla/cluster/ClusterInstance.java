package io.flotilla.cluster;

import io.flotilla.provider.InstanceRole;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;

import java.time.Instant;
import java.util.UUID;

/**
 * One instance of a cluster: the scheduler or a worker. The row is written before the provider is
 * asked to launch it (its id is the launch's idempotency key) and the provider's instance id is
 * checkpointed right after, so a crash in between is resolved by observing the provider by tag. Changed only
 * through {@link io.flotilla.cluster.engine.InstanceTransitions} (the {@code with…} copies are its tools).
 */
@MappedEntity("cluster_instances")
public record ClusterInstance(@Id UUID id, UUID clusterId, @TypeDef(type = DataType.STRING) InstanceRole role,
                              String name, @TypeDef(type = DataType.STRING) InstanceStatus status,
                              @TypeDef(type = DataType.STRING) ClusterTarget target,
                              @Nullable String providerInstanceId, @Nullable String bootstrapTokenHash,
                              @Nullable Instant bootstrapExpiresAt, @Nullable String address, @Nullable String reason,
                              Instant createdAt, Instant statusSince) {

    public ClusterInstance withStatus(InstanceStatus newStatus, Instant at) {
        return new ClusterInstance(id, clusterId, role, name, newStatus, target, providerInstanceId, bootstrapTokenHash,
                bootstrapExpiresAt, address, reason, createdAt, at);
    }

    public ClusterInstance withTarget(ClusterTarget newTarget, @Nullable String why) {
        return new ClusterInstance(id, clusterId, role, name, status, newTarget, providerInstanceId, bootstrapTokenHash,
                bootstrapExpiresAt, address, why == null ? reason : why, createdAt, statusSince);
    }

    public ClusterInstance withProviderInstanceId(String providerId, @Nullable String privateAddress, Instant at) {
        return new ClusterInstance(id, clusterId, role, name, InstanceStatus.LAUNCHED, target, providerId,
                bootstrapTokenHash, bootstrapExpiresAt, privateAddress, reason, createdAt, at);
    }

    public ClusterInstance withReason(@Nullable String why) {
        return new ClusterInstance(id, clusterId, role, name, status, target, providerInstanceId, bootstrapTokenHash,
                bootstrapExpiresAt, address, why, createdAt, statusSince);
    }

    public ClusterInstance withBootstrap(@Nullable String tokenHash, @Nullable Instant expiresAt) {
        return new ClusterInstance(id, clusterId, role, name, status, target, providerInstanceId, tokenHash,
                expiresAt, address, reason, createdAt, statusSince);
    }
}
