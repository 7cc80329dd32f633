package io.flotilla.testing;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.cluster.ClusterInstanceRepository;
import io.flotilla.cluster.ClusterRepository;
import io.flotilla.cluster.ClusterStatus;
import io.flotilla.cluster.ClusterTarget;
import io.flotilla.cluster.InstanceStatus;
import io.flotilla.cluster.engine.InstanceLauncher;
import io.flotilla.identity.BootstrapAdmin;
import io.flotilla.identity.TokenCodec;
import io.flotilla.identity.UserRepository;
import io.flotilla.identity.WorkspaceRepository;
import io.flotilla.provider.InstanceRole;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Cluster and instance rows written straight to the database, for tests that drive the agent routes by hand
 * (with the reconciler off, so nothing launches them): a starting cluster owned by the bootstrap admin, and
 * launched instances holding a fresh one-time bootstrap token.
 */
@Singleton
public class HandMadeClusters {
    private final ClusterRepository clusters;
    private final ClusterInstanceRepository instances;
    private final WorkspaceRepository workspaces;
    private final UserRepository users;

    public HandMadeClusters(ClusterRepository clusters, ClusterInstanceRepository instances, WorkspaceRepository workspaces,
                            UserRepository users) {
        this.clusters = clusters;
        this.instances = instances;
        this.workspaces = workspaces;
        this.users = users;
    }

    /** A STARTING cluster of {@code provider} in {@code workspace}, wanting {@code workers} workers. */
    public Cluster starting(String provider, String workspace, String name, int workers) {
        return withRow(provider, workspace, name, workers, ClusterStatus.STARTING, ClusterTarget.RUNNING);
    }

    /** A cluster row of {@code provider} in {@code workspace} with exactly this (status, target) pair. */
    public Cluster withRow(String provider, String workspace, String name, int workers, ClusterStatus status,
                           ClusterTarget target) {
        Instant now = Instant.now();
        UUID workspaceId = workspaces.findByName(workspace).orElseThrow().id();
        UUID owner = users.findByUsername(BootstrapAdmin.ADMIN_USERNAME).orElseThrow().id();
        return clusters.save(new Cluster(UUID.randomUUID(), workspaceId, owner, name, provider, status,
                target, null, "{}", workers, null, null, null, null, null, null, 0, null, 0, null, null, null,
                now, now, null, null, null));
    }

    /** A launched instance row of the cluster holding a fresh bootstrap token (valid 10 minutes); returns the token. */
    public String launched(Cluster cluster, InstanceRole role, String name, String providerInstanceId,
                           @Nullable String address) {
        String token = TokenCodec.newToken(InstanceLauncher.BOOTSTRAP_PREFIX);
        Instant now = Instant.now();
        instances.save(new ClusterInstance(UUID.randomUUID(), cluster.id(), role, name, InstanceStatus.LAUNCHED,
                ClusterTarget.RUNNING, providerInstanceId, TokenCodec.sha256(token), now.plus(Duration.ofMinutes(10)),
                address, null, now, now));
        return token;
    }
}
