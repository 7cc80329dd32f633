package io.flotilla.api.cluster;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstanceRepository;
import io.flotilla.identity.User;
import io.flotilla.identity.UserRepository;
import io.flotilla.provider.InstanceRole;
import jakarta.inject.Singleton;

/** Builds cluster views with the names people know (owner username) and live worker counts. */
@Singleton
public class ClusterViewFactory {
    private final UserRepository users;
    private final ClusterInstanceRepository instances;

    public ClusterViewFactory(UserRepository users, ClusterInstanceRepository instances) {
        this.users = users;
        this.instances = instances;
    }

    public ClusterViews.ClusterView view(Cluster cluster, String workspace) {
        String owner = users.findById(cluster.ownerId()).map(User::username).orElse("?");
        int running = (int) instances.findByClusterIdOrderByCreatedAt(cluster.id()).stream()
                .filter(i -> i.role() == InstanceRole.WORKER && i.status().isLive()).count();
        return ClusterViews.ClusterView.of(cluster, workspace, owner, running);
    }
}
