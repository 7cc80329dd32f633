package io.flotilla.logs;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.cluster.ClusterInstanceRepository;
import io.flotilla.cluster.ClusterService;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.Caller;
import io.flotilla.provider.ResourceTags;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Cluster logs for REST, the console and the CLI, from whichever {@link LogSource} serves the cluster's
 * provider; also where a booting instance ships its logs, and the link to them in the cloud's console.
 */
@Singleton
public class LogService {
    /** Most lines one call returns. */
    public static final int MAX_LINES = 10_000;
    private final ClusterService clusters;
    private final ClusterInstanceRepository instances;
    private final Map<String, LogSource> sources;

    public LogService(ClusterService clusters, ClusterInstanceRepository instances, Collection<LogSource> sources) {
        this.clusters = clusters;
        this.instances = instances;
        this.sources = sources.stream().collect(Collectors.toMap(LogSource::providerId, Function.identity()));
    }

    /** Lines of a cluster's logs (workspace members; the cluster must be visible to the caller). */
    public List<LogLine> read(Caller caller, String workspace, String name, LogQuery query) {
        if (query.limit() < 1 || query.limit() > MAX_LINES) {
            throw ServiceException.invalid("limit", "limit must be between 1 and " + MAX_LINES + ".");
        }
        if (query.role() != null && !query.role().equals("scheduler") && !query.role().equals("worker")) {
            throw ServiceException.invalid("role", "role must be 'scheduler' or 'worker'.");
        }
        if (query.since() != null && query.until() != null && query.since().isAfter(query.until())) {
            throw ServiceException.invalid("since", "since must not be after until.");
        }
        Cluster cluster = clusters.get(caller, workspace, name);
        LogSource source = sources.get(cluster.provider());
        if (source == null) {
            throw ServiceException.unavailable("logs_unavailable", "No log source is configured for provider " + cluster.provider() + ".", null);
        }
        List<ClusterInstance> selected = instances.findByClusterIdOrderByCreatedAt(cluster.id()).stream()
                .filter(i -> query.role() == null || ResourceTags.roleValue(i.role()).equals(query.role()))
                .filter(i -> query.instance() == null || i.name().equals(query.instance()))
                .toList();
        return source.read(cluster, selected, query);
    }

    /** Prepares where the cluster's instances ship their logs (before a launch); throws ServiceException when it cannot. */
    public void prepare(Cluster cluster) {
        LogSource source = sources.get(cluster.provider());
        if (source != null) {
            source.prepare(cluster);
        }
    }

    /** Where the instance's agent ships its logs (bootstrap), or empty when they stay on the instance. */
    public Optional<AgentLogSettings> agentSettings(Cluster cluster, ClusterInstance instance) {
        LogSource source = sources.get(cluster.provider());
        return source == null ? Optional.empty() : source.agentSettings(cluster, instance);
    }

    /** The cluster's logs in its cloud's own console (e.g. CloudWatch), or empty (local, or the account is gone). */
    public Optional<String> consoleUrl(Cluster cluster) {
        LogSource source = sources.get(cluster.provider());
        if (source == null) {
            return Optional.empty();
        }
        try {
            return source.consoleUrl(cluster);
        } catch (ServiceException e) {
            return Optional.empty();
        }
    }
}
