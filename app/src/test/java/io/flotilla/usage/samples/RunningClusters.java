package io.flotilla.usage.samples;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterRepository;
import io.flotilla.cluster.ClusterStatus;
import io.flotilla.cluster.ClusterTarget;
import io.flotilla.identity.BootstrapAdmin;
import io.flotilla.identity.TokenCodec;
import io.flotilla.identity.UserRepository;
import io.flotilla.identity.WorkspaceRepository;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.UUID;

/** RUNNING cluster rows with a known cluster token, written straight to the database, for heartbeat tests. */
@Singleton
class RunningClusters {
    private final ClusterRepository clusters;
    private final WorkspaceRepository workspaces;
    private final UserRepository users;

    RunningClusters(ClusterRepository clusters, WorkspaceRepository workspaces, UserRepository users) {
        this.clusters = clusters;
        this.workspaces = workspaces;
        this.users = users;
    }

    /** A running cluster of the default workspace whose plugin holds {@code token}. */
    Cluster withToken(String name, String token) {
        Instant now = Instant.now();
        UUID workspaceId = workspaces.findByName("default").orElseThrow().id();
        UUID owner = users.findByUsername(BootstrapAdmin.ADMIN_USERNAME).orElseThrow().id();
        return clusters.save(new Cluster(UUID.randomUUID(), workspaceId, owner, name, "local", ClusterStatus.RUNNING,
                ClusterTarget.RUNNING, null, "{}", 1, null, null, null, null, TokenCodec.sha256(token), null, 0, null,
                0, null, null, null, now, now, now, null, null));
    }
}
