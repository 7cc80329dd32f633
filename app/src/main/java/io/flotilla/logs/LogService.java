package io.flotilla.logs;

import io.flotilla.audit.MutationAudit;
import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.cluster.ClusterInstanceRepository;
import io.flotilla.cluster.ClusterService;
import io.flotilla.cluster.engine.LaunchPreparation;
import io.flotilla.audit.MutationCause;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.Caller;
import io.flotilla.provider.CloudMutations;
import io.flotilla.provider.ProviderRegistry;
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
public class LogService implements LaunchPreparation {
    /** Most lines one call returns. */
    public static final int MAX_LINES = 10_000;
    private final ClusterService clusters;
    private final ClusterInstanceRepository instances;
    private final Map<String, LogSource> sources;
    private final ProviderRegistry providers;
    private final MutationAudit mutationAudit;

    public LogService(ClusterService clusters, ClusterInstanceRepository instances, Collection<LogSource> sources,
                      ProviderRegistry providers, MutationAudit mutationAudit) {
        this.clusters = clusters;
        this.instances = instances;
        this.providers = providers;
        this.mutationAudit = mutationAudit;
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

    @Override
    public String topic() {
        return "logs";
    }

    /** The instance keeps its log locally (the bootstrap tries once more). */
    @Override
    public String whenFailed(String instanceName) {
        return "Logs of " + instanceName + " may not be shipped";
    }

    /**
     * Prepares where the cluster's instances ship their logs (before a launch), reporting what it creates;
     * throws ServiceException when it cannot.
     */
    @Override
    public void prepare(Cluster cluster, CloudMutations mutations) {
        LogSource source = sources.get(cluster.provider());
        if (source != null) {
            source.prepare(cluster, mutations);
        }
    }

    /**
     * Where the instance's agent ships its logs (bootstrap), or empty when they stay on the instance. When the
     * destination had to be created here (the launch could not), that is audited as the engine's own change.
     */
    public Optional<AgentLogSettings> agentSettings(Cluster cluster, ClusterInstance instance) {
        LogSource source = sources.get(cluster.provider());
        if (source == null) {
            return Optional.empty();
        }
        MutationAudit.Scope scope = new MutationAudit.Scope(providers.forAccount(cluster.provider(), cluster.cloudAccountId()).accountName(),
                cluster.workspaceId(), cluster.name());
        return mutationAudit.call(MutationCause.system("log destination of " + instance.name() + ", made at its bootstrap"),
                scope, mutations -> source.agentSettings(cluster, instance, mutations));
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
