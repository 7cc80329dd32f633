package io.flotilla.cluster;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;

import java.time.Instant;
import java.util.UUID;

/**
 * A cluster row: its spec, the status/target pair, what the scheduler last reported, and the reason it
 * stopped. Changed only through {@link io.flotilla.cluster.ClusterTransitions} and the heartbeat.
 */
@MappedEntity("clusters")
public record Cluster(@Id UUID id, UUID workspaceId, UUID ownerId, String name, String provider,
                      @TypeDef(type = DataType.STRING) ClusterStatus status,
                      @TypeDef(type = DataType.STRING) ClusterTarget target,
                      @Nullable String reason, String spec, int desiredWorkers,
                      @Nullable Integer adaptMinimum, @Nullable Integer adaptMaximum,
                      @Nullable String schedulerAddress, @Nullable String dashboardUrl,
                      @Nullable String clusterTokenHash, @Nullable Instant lastHeartbeatAt, int workersConnected,
                      @Nullable Instant idleSince, int nClients, @Nullable Instant lastClientLeftAt,
                      @Nullable Integer adaptiveTarget, @Nullable String versions,
                      Instant createdAt, Instant statusSince, @Nullable Instant readyAt, @Nullable Instant stoppedAt,
                      @Nullable UUID cloudAccountId) {

    public ClusterState state() {
        return ClusterState.of(status, target);
    }

    public boolean adaptive() {
        return adaptMinimum != null && adaptMaximum != null;
    }

    /** A copy with a new status (and the time it was entered). */
    public Cluster withStatus(ClusterStatus newStatus, Instant at) {
        return new Cluster(id, workspaceId, ownerId, name, provider, newStatus, target, reason, spec, desiredWorkers,
                adaptMinimum, adaptMaximum, schedulerAddress, dashboardUrl, clusterTokenHash, lastHeartbeatAt,
                workersConnected, idleSince, nClients, lastClientLeftAt, adaptiveTarget, versions, createdAt, at,
                newStatus == ClusterStatus.RUNNING && readyAt == null ? at : readyAt,
                newStatus.isTerminal() ? at : stoppedAt, cloudAccountId);
    }

    public Cluster withTarget(ClusterTarget newTarget, @Nullable String newReason) {
        return new Cluster(id, workspaceId, ownerId, name, provider, status, newTarget,
                reason == null ? newReason : reason, spec, desiredWorkers, adaptMinimum, adaptMaximum, schedulerAddress,
                dashboardUrl, clusterTokenHash, lastHeartbeatAt, workersConnected, idleSince, nClients, lastClientLeftAt,
                adaptiveTarget, versions, createdAt, statusSince, readyAt, stoppedAt, cloudAccountId);
    }

    public Cluster withScale(int workers, @Nullable Integer minimum, @Nullable Integer maximum) {
        return new Cluster(id, workspaceId, ownerId, name, provider, status, target, reason, spec, workers,
                minimum, maximum, schedulerAddress, dashboardUrl, clusterTokenHash, lastHeartbeatAt,
                workersConnected, idleSince, nClients, lastClientLeftAt, adaptiveTarget, versions, createdAt, statusSince,
                readyAt, stoppedAt, cloudAccountId);
    }

    public Cluster withClusterTokenHash(String hash) {
        return new Cluster(id, workspaceId, ownerId, name, provider, status, target, reason, spec, desiredWorkers,
                adaptMinimum, adaptMaximum, schedulerAddress, dashboardUrl, hash, lastHeartbeatAt,
                workersConnected, idleSince, nClients, lastClientLeftAt, adaptiveTarget, versions, createdAt, statusSince,
                readyAt, stoppedAt, cloudAccountId);
    }

    /** A copy carrying what the scheduler reported in a heartbeat. */
    public Cluster withHeartbeat(Instant at, String address, @Nullable String dashboard, int connected,
                                 @Nullable Instant idle, int clients, @Nullable Instant clientLeft,
                                 @Nullable Integer adaptiveWants, @Nullable String versionText) {
        return new Cluster(id, workspaceId, ownerId, name, provider, status, target, reason, spec, desiredWorkers,
                adaptMinimum, adaptMaximum, address, dashboard, clusterTokenHash, at, connected, idle, clients,
                clientLeft, adaptiveWants, versionText, createdAt, statusSince, readyAt, stoppedAt, cloudAccountId);
    }
}
