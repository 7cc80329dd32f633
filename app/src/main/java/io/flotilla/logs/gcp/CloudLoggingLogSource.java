package io.flotilla.logs.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.logging.v2.LoggingClient;
import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.Workspace;
import io.flotilla.identity.WorkspaceRepository;
import io.flotilla.logs.AgentLogSettings;
import io.flotilla.logs.LogLine;
import io.flotilla.logs.LogQuery;
import io.flotilla.logs.LogSource;
import io.flotilla.provider.CloudMutations;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Logs of GCP clusters: each instance's agent ships its Dask log to Cloud Logging with the VM's service account,
 * into one log per workspace ({@code projects/<p>/logs/flotilla-<workspace>}) with labels for the cluster, role
 * and instance ({@link CloudLoggingNames}); this source reads them back with the low-level {@link LoggingClient}.
 * Nothing is prepared: Cloud Logging creates a log at its first write, and keeps entries as long as the
 * project's log bucket says ({@code _Default}: 30 days), so Flotilla sets no retention for them. A log that
 * has no entries yet reads as no lines.
 */
@Singleton
public class CloudLoggingLogSource implements LogSource {
    private final CloudLoggingTarget target;
    private final CloudLoggingClients clients;
    private final Function<UUID, String> workspaceName;
    /** Workspace names never change; clusters of one workspace share a log. */
    private final Map<UUID, String> workspaceNames = new ConcurrentHashMap<>();

    @Inject
    public CloudLoggingLogSource(CloudLoggingTarget target, CloudLoggingClients clients, WorkspaceRepository workspaces) {
        this(target, clients, id -> workspaces.findById(id).map(Workspace::name)
                .orElseThrow(() -> ServiceException.notFound("workspace", id.toString())));
    }

    /** @param workspaceName the name of a workspace by its id */
    public CloudLoggingLogSource(CloudLoggingTarget target, CloudLoggingClients clients, Function<UUID, String> workspaceName) {
        this.target = target;
        this.clients = clients;
        this.workspaceName = workspaceName;
    }

    @Override
    public String providerId() {
        return "gcp";
    }

    @Override
    public Optional<AgentLogSettings> agentSettings(Cluster cluster, ClusterInstance instance, CloudMutations mutations) {
        String project = target.project(cluster);
        return Optional.of(new AgentLogSettings(AgentLogSettings.CLOUD_LOGGING, logName(project, cluster), instance.name(),
                project, clients.endpoint(), CloudLoggingNames.labels(cluster.id(), instance)));
    }

    @Override
    public Optional<String> consoleUrl(Cluster cluster) {
        String project = target.project(cluster);
        return Optional.of(CloudLoggingNames.consoleUrl(project, logName(project, cluster), cluster.id()));
    }

    @Override
    public List<LogLine> read(Cluster cluster, List<ClusterInstance> instances, LogQuery query) {
        if (instances.isEmpty()) {
            return List.of();
        }
        String project = target.project(cluster);
        String logName = logName(project, cluster);
        Map<String, ClusterInstance> byName = new LinkedHashMap<>();
        instances.forEach(i -> byName.put(i.name(), i));
        try (LoggingClient logging = clients.open(target.credentials(cluster))) {
            return new CloudLoggingQuery(logging, project, logName, cluster.id(), byName, query).run();
        } catch (ApiException | IOException e) {
            throw ServiceException.unavailable("logs_unavailable", "Could not read the logs of cluster " + cluster.name()
                    + " from Cloud Logging (" + logName + "): " + describe(e), e);
        }
    }

    private String logName(String project, Cluster cluster) {
        return CloudLoggingNames.logName(project, workspaceNames.computeIfAbsent(cluster.workspaceId(), workspaceName));
    }

    private static String describe(Exception e) {
        if (e instanceof ApiException api) {
            return api.getStatusCode().getCode() + (api.getMessage() == null ? "" : " " + api.getMessage());
        }
        return e.getMessage();
    }
}
