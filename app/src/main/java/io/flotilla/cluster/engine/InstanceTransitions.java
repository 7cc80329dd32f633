package io.flotilla.cluster.engine;

import io.flotilla.cluster.ClusterTransitions;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.cluster.ClusterInstanceRepository;
import io.flotilla.cluster.ClusterTarget;
import io.flotilla.cluster.InstanceStatus;
import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.InstanceShape;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The only code that changes an instance row, the instance twin of {@link ClusterTransitions}. The plan executor,
 * the launcher, the heartbeat and the bootstrap all write the same rows from different threads (and replicas), so
 * each transition locks the row ({@code SELECT … FOR UPDATE}), re-reads it, checks the state it starts from and
 * changes only its own fields: one writer can no longer undo another's change with a stale copy of the row.
 * Each joins the caller's transaction if there is one (the heartbeat's, the bootstrap's), else runs in its own.
 */
@Singleton
public class InstanceTransitions {
    private final ClusterInstanceRepository instances;
    private final List<InstanceLifecycle> lifecycles;
    private final Clock clock;

    public InstanceTransitions(ClusterInstanceRepository instances, List<InstanceLifecycle> lifecycles, Clock clock) {
        this.instances = instances;
        this.lifecycles = List.copyOf(lifecycles);
        this.clock = clock;
    }

    /** Writes the row of a new instance, LAUNCHING and wanted RUNNING (launched by a later plan). */
    @Transactional
    public ClusterInstance create(UUID clusterId, InstanceRole role, String name) {
        Instant now = clock.instant();
        return instances.save(new ClusterInstance(UUID.randomUUID(), clusterId, role, name, InstanceStatus.LAUNCHING,
                ClusterTarget.RUNNING, null, null, null, null, null, now, now));
    }

    /** Stores the hash of the bootstrap token a launch hands the provider (and when it expires). */
    @Transactional
    public Optional<ClusterInstance> issueBootstrap(UUID id, String tokenHash, Instant expiresAt) {
        return instances.lock(id).map(row -> instances.update(row.withBootstrap(tokenHash, expiresAt)));
    }

    /**
     * Records the provider's id and address of a launched instance; a LAUNCHING row becomes LAUNCHED, any other
     * keeps its status (e.g. a row stopped meanwhile stays stopped, so the orphan sweeper may end the instance).
     */
    @Transactional
    public Optional<ClusterInstance> checkpoint(UUID id, String providerInstanceId, @Nullable String address) {
        return checkpoint(id, providerInstanceId, address, null);
    }

    /**
     * {@link #checkpoint(UUID, String, String)} with what the provider launched; the first checkpoint of a row tells
     * the {@link InstanceLifecycle} listeners that the instance exists.
     */
    @Transactional
    public Optional<ClusterInstance> checkpoint(UUID id, String providerInstanceId, @Nullable String address,
                                                @Nullable InstanceShape shape) {
        return instances.lock(id).map(row -> {
            Instant now = clock.instant();
            ClusterInstance launched = row.withProviderInstanceId(providerInstanceId, address, now);
            ClusterInstance saved = instances.update(row.status() == InstanceStatus.LAUNCHING ? launched
                    : launched.withStatus(row.status(), row.statusSince()));
            if (row.providerInstanceId() == null) {
                lifecycles.forEach(listener -> listener.launched(saved, shape, now));
            }
            return saved;
        });
    }

    /**
     * The instance's Dask process reported in (scheduler heartbeat, or worker seen by the scheduler): a LAUNCHED
     * row becomes READY, or STOPPING when it was asked to leave meanwhile (it is serving and retires gracefully).
     *
     * @return whether the row changed
     */
    @Transactional
    public boolean markSeen(UUID id) {
        return instances.lock(id).filter(row -> row.status() == InstanceStatus.LAUNCHED).map(row -> {
            instances.update(row.withStatus(row.target() == ClusterTarget.RUNNING ? InstanceStatus.READY
                    : InstanceStatus.STOPPING, clock.instant()));
            return true;
        }).orElse(false);
    }

    /**
     * Asks the instance to leave: target STOPPED with the reason (the first one given is kept), a READY row becomes
     * STOPPING. A stopped row is left alone.
     */
    @Transactional
    public Optional<ClusterInstance> retire(UUID id, String reason) {
        return instances.lock(id).filter(row -> row.status() != InstanceStatus.STOPPED).map(row -> {
            ClusterInstance retiring = row.target() == ClusterTarget.STOPPED ? row : row.withTarget(ClusterTarget.STOPPED, reason);
            return instances.update(row.status() == InstanceStatus.READY
                    ? retiring.withStatus(InstanceStatus.STOPPING, clock.instant()) : retiring);
        });
    }

    /**
     * The instance is gone: STOPPED, its bootstrap token void. The reason is the one it was retired with, if it
     * was, else {@code reason}.
     *
     * @return the stopped row, or empty when it was already stopped (or is unknown)
     */
    @Transactional
    public Optional<ClusterInstance> markStopped(UUID id, String reason) {
        return instances.lock(id).filter(row -> row.status() != InstanceStatus.STOPPED).map(row -> {
            String why = row.reason() != null && row.target() == ClusterTarget.STOPPED ? row.reason() : reason;
            Instant now = clock.instant();
            ClusterInstance stopped = instances.update(row.withTarget(ClusterTarget.STOPPED, why).withBootstrap(null, null)
                    .withStatus(InstanceStatus.STOPPED, now).withReason(why));
            lifecycles.forEach(listener -> listener.terminated(stopped, now));
            return stopped;
        });
    }

    /**
     * Takes the one-time bootstrap token: the row holding its hash, if the token has not expired, with the token
     * removed. Joins the bootstrap's transaction, so a bootstrap that fails afterwards leaves the token usable.
     */
    @Transactional
    public Optional<ClusterInstance> consumeBootstrap(String tokenHash) {
        Instant now = clock.instant();
        return instances.lockByBootstrapTokenHash(tokenHash)
                .filter(row -> row.bootstrapExpiresAt() != null && now.isBefore(row.bootstrapExpiresAt()))
                .map(row -> instances.update(row.withBootstrap(null, null)));
    }
}
