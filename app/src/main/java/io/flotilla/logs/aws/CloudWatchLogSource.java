package io.flotilla.logs.aws;

import io.flotilla.logs.LogSource;
import io.flotilla.logs.LogLine;
import io.flotilla.logs.LogQuery;
import io.flotilla.logs.AgentLogSettings;
import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.Workspace;
import io.flotilla.identity.WorkspaceRepository;
import io.flotilla.provider.CloudMutations;
import io.flotilla.provider.aws.AwsAccountContext;
import io.flotilla.provider.aws.AwsAccounts;
import io.flotilla.provider.aws.AwsClients;
import io.flotilla.provider.aws.AwsErrors;
import io.flotilla.provider.aws.CloudWatchLogGroups;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Logs of AWS clusters: each instance's agent ships its Dask log to CloudWatch Logs (group
 * {@code /flotilla/<workspace>}, stream {@code <cluster id>/<instance>}) with the instance's role; this
 * source creates the group before the first instance boots and answers log queries from it in the
 * cluster's account ({@link AwsAccounts}). A group or stream that does not exist yet reads as no lines.
 */
@Singleton
public class CloudWatchLogSource implements LogSource {
    private final AwsAccounts accounts;
    private final AwsClients clients;
    private final CloudWatchLogGroups groups;
    private final Function<UUID, String> workspaceName;
    /** Workspace names never change; clusters of one workspace share a group. */
    private final Map<UUID, String> workspaceNames = new ConcurrentHashMap<>();

    @Inject
    public CloudWatchLogSource(AwsAccounts accounts, AwsClients clients, CloudWatchLogGroups groups,
                               WorkspaceRepository workspaces) {
        this(accounts, clients, groups, id -> workspaces.findById(id).map(Workspace::name)
                .orElseThrow(() -> ServiceException.notFound("workspace", id.toString())));
    }

    /** @param workspaceName the name of a workspace by its id */
    public CloudWatchLogSource(AwsAccounts accounts, AwsClients clients, CloudWatchLogGroups groups,
                               Function<UUID, String> workspaceName) {
        this.accounts = accounts;
        this.clients = clients;
        this.groups = groups;
        this.workspaceName = workspaceName;
    }

    @Override
    public String providerId() {
        return "aws";
    }

    @Override
    public void prepare(Cluster cluster, CloudMutations mutations) {
        groups.ensure(accounts.forAccount(cluster.cloudAccountId()), group(cluster), mutations);
    }

    @Override
    public Optional<AgentLogSettings> agentSettings(Cluster cluster, ClusterInstance instance, CloudMutations mutations) {
        AwsAccountContext account = accounts.forAccount(cluster.cloudAccountId());
        String group = group(cluster);
        groups.ensure(account, group, mutations); // remembered after prepare(): no call to AWS here unless prepare failed
        URI endpoint = clients.endpointOverride();
        return Optional.of(new AgentLogSettings(AgentLogSettings.CLOUDWATCH, group,
                CloudWatchLogNames.stream(cluster.id(), instance.name()), account.region(),
                endpoint == null ? null : endpoint.toString()));
    }

    @Override
    public Optional<String> consoleUrl(Cluster cluster) {
        return Optional.of(CloudWatchLogNames.consoleUrl(accounts.forAccount(cluster.cloudAccountId()).region(), group(cluster)));
    }

    @Override
    public List<LogLine> read(Cluster cluster, List<ClusterInstance> instances, LogQuery query) {
        if (instances.isEmpty()) {
            return List.of();
        }
        AwsAccountContext account = accounts.forAccount(cluster.cloudAccountId());
        CloudWatchLogsClient logs = clients.logs(account.region(), account.credentials());
        String group = group(cluster);
        Map<String, ClusterInstance> byStream = new LinkedHashMap<>();
        instances.forEach(i -> byStream.put(CloudWatchLogNames.stream(cluster.id(), i.name()), i));
        try {
            Set<String> existing = logs.describeLogStreamsPaginator(b -> b.logGroupName(group)
                            .logStreamNamePrefix(CloudWatchLogNames.streamPrefix(cluster.id())))
                    .logStreams().stream().map(LogStream::logStreamName).collect(Collectors.toSet());
            byStream.keySet().retainAll(existing);
            return new CloudWatchLogQuery(logs, group, byStream, query).run();
        } catch (ResourceNotFoundException e) {
            return List.of();
        } catch (SdkException e) {
            throw ServiceException.unavailable("logs_unavailable", "Could not read the logs of cluster " + cluster.name()
                    + " from CloudWatch Logs (" + group + " in " + account.region() + "): " + AwsErrors.describe(e), e);
        }
    }

    private String group(Cluster cluster) {
        return CloudWatchLogNames.group(workspaceNames.computeIfAbsent(cluster.workspaceId(), workspaceName));
    }
}
