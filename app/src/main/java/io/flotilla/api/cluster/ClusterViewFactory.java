package io.flotilla.api.cluster;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstances;
import io.flotilla.identity.Directory;
import io.flotilla.logs.LogService;
import io.flotilla.usage.Limits;
import io.flotilla.usage.UsageService;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Builds cluster views with the names people know (owner username) and live worker counts; a page of
 * clusters costs two queries, not two per cluster. AWS clusters also link to their logs in CloudWatch.
 */
@Singleton
public class ClusterViewFactory {
    private final Directory directory;
    private final ClusterInstances instances;
    private final LogService logs;
    private final UsageService usage;
    private final Limits limits;

    public ClusterViewFactory(Directory directory, ClusterInstances instances, LogService logs, UsageService usage,
                              Limits limits) {
        this.directory = directory;
        this.instances = instances;
        this.logs = logs;
        this.usage = usage;
        this.limits = limits;
    }

    /** One cluster, with its usage so far and the workspace's limit warnings. */
    public ClusterViews.ClusterView view(Cluster cluster, String workspace) {
        ClusterViews.ClusterView plain = views(List.of(cluster), workspace).get(0);
        return ClusterViews.ClusterView.of(cluster, workspace, plain.owner(), plain.workers().running(), plain.logsUrl(),
                usage.of(cluster), limits.messages(cluster.workspaceId(), workspace));
    }

    public List<ClusterViews.ClusterView> views(List<Cluster> clusters, String workspace) {
        if (clusters.isEmpty()) {
            return List.of();
        }
        Set<UUID> ownerIds = clusters.stream().map(Cluster::ownerId).collect(Collectors.toSet());
        Map<UUID, String> owners = directory.usernames(ownerIds);
        Map<UUID, Long> running = instances.liveWorkers(clusters.stream().map(Cluster::id).toList());
        // one workspace: the link differs only by provider and cloud account, so it is looked up once for each
        Map<String, String> logLinks = new java.util.HashMap<>();
        return clusters.stream().map(c -> ClusterViews.ClusterView.of(c, workspace, owners.getOrDefault(c.ownerId(), "?"),
                running.getOrDefault(c.id(), 0L).intValue(),
                logLinks.computeIfAbsent(c.provider() + "/" + c.cloudAccountId(), k -> logs.consoleUrl(c).orElse(null))))
                .toList();
    }
}
