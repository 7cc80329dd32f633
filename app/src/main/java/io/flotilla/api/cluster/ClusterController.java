package io.flotilla.api.cluster;

import io.flotilla.api.json.Rfc3339;
import io.flotilla.api.error.DocumentedErrors;
import io.flotilla.api.cluster.ClusterViews.ClusterView;
import io.flotilla.cluster.ClusterService;
import io.flotilla.cluster.ClusterState;
import io.flotilla.cluster.ClusterWait;
import io.flotilla.cluster.ConnectionService;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.Caller;
import io.flotilla.identity.Directory;
import io.flotilla.logs.LogQuery;
import io.flotilla.logs.LogService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Dask clusters of a workspace. */
@Controller("/api/v1/workspaces/{workspace}/clusters")
@Tag(name = "clusters")
@DocumentedErrors
public class ClusterController {
    private final ClusterService clusters;
    private final ConnectionService connections;
    private final LogService logs;
    private final ClusterViewFactory views;
    private final Directory directory;
    private final ClusterWait waits;

    public ClusterController(ClusterService clusters, ConnectionService connections, LogService logs,
                             ClusterViewFactory views, Directory directory, ClusterWait waits) {
        this.clusters = clusters;
        this.connections = connections;
        this.logs = logs;
        this.views = views;
        this.directory = directory;
        this.waits = waits;
    }

    @Post
    @Status(HttpStatus.CREATED)
    @Operation(summary = "Create a cluster")
    public ClusterView create(@Parameter(hidden = true) Caller caller, String workspace, @Valid @Body ClusterRequests.Create request) {
        return views.view(clusters.create(caller, workspace, request.name(), request.options()), workspace);
    }

    @Get
    @Operation(summary = "List clusters, newest first")
    public ClusterViews.PageView list(@Parameter(hidden = true) Caller caller, String workspace,
                                      @Parameter(description = "only clusters in this state (the state a cluster shows)",
                                              schema = @Schema(type = "string", allowableValues = {"pending", "starting", "running", "stopping", "stopped", "failed"}))
                                      @Nullable @QueryValue String status,
                                      @Parameter(description = "true: only stopped and failed clusters; false: only the others",
                                              schema = @Schema(type = "boolean"))
                                      @Nullable @QueryValue String finished,
                                      @Parameter(description = "only clusters of this user (none when there is no such user)")
                                      @Nullable @QueryValue String owner,
                                      @Parameter(required = false, schema = @Schema(type = "integer", format = "int32", minimum = "1",
                                              maximum = "500", defaultValue = "50")) @QueryValue(defaultValue = "50") int limit,
                                      @Parameter(required = false, schema = @Schema(type = "integer", format = "int32", minimum = "0",
                                              defaultValue = "0"))
                                      @QueryValue(defaultValue = "0") int offset) {
        List<ClusterState> states = states(status, finished);
        UUID ownerId = owner == null ? null : directory.userId(owner).orElse(null);
        ClusterService.Page page = clusters.list(caller, workspace, owner != null && ownerId == null ? List.of() : states,
                ownerId, limit, offset); // nobody of that name owns a cluster: no state matches
        return new ClusterViews.PageView(views.views(page.items(), workspace), page.total());
    }

    @Get("/{name}")
    @Operation(summary = "Get a cluster; with waitWhileState, wait (long polling) until it leaves that state")
    public ClusterView get(@Parameter(hidden = true) Caller caller, String workspace, String name,
                           @Parameter(description = "answer once the cluster's state is no longer this one (e.g. starting)",
                                   schema = @Schema(type = "string", allowableValues = {"pending", "starting", "running", "stopping", "stopped", "failed"}))
                           @Nullable @QueryValue String waitWhileState,
                           @Parameter(description = "how long to wait at most, 1 to 30 seconds (default 10); only with waitWhileState",
                                   schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "30"))
                           @Nullable @QueryValue("waitSeconds") String waitSecondsText) throws InterruptedException {
        Integer waitSeconds = waitSecondsText == null ? null : integer("waitSeconds", waitSecondsText);
        if (waitWhileState == null) {
            if (waitSeconds != null) {
                throw ServiceException.invalid("waitSeconds", "waitSeconds only applies together with waitWhileState.");
            }
            return views.view(clusters.get(caller, workspace, name), workspace);
        }
        return views.view(waits.getOnceNotIn(caller, workspace, name, waitWhileState, waitSeconds), workspace);
    }

    @Post("/{name}/scale")
    @Operation(summary = "Set the number of workers (turns adaptive scaling off)")
    public ClusterView scale(@Parameter(hidden = true) Caller caller, String workspace, String name, @Valid @Body ClusterRequests.Scale request) {
        return views.view(clusters.scale(caller, workspace, name, request.nWorkers()), workspace);
    }

    @Post("/{name}/adapt")
    @Operation(summary = "Scale adaptively between minimum and maximum workers")
    public ClusterView adapt(@Parameter(hidden = true) Caller caller, String workspace, String name, @Valid @Body ClusterRequests.Adapt request) {
        return views.view(clusters.adapt(caller, workspace, name, request.minimum(), request.maximum(),
                request.intervalSeconds(), request.targetDurationSeconds(), request.waitCount()), workspace);
    }

    @Post("/{name}/stop")
    @Operation(summary = "Stop a cluster (idempotent)")
    public ClusterView stop(@Parameter(hidden = true) Caller caller, String workspace, String name, @Valid @Body ClusterRequests.Stop request) {
        return views.view(clusters.stop(caller, workspace, name, request.reason()), workspace);
    }

    @Get("/{name}/events")
    @Operation(summary = "What happened to the cluster, oldest first")
    public List<ClusterViews.EventView> events(@Parameter(hidden = true) Caller caller, String workspace, String name) {
        return clusters.events(caller, workspace, name).stream().map(ClusterViews.EventView::of).toList();
    }

    @Get("/{name}/logs")
    @Operation(summary = "Read the cluster's logs")
    public ClusterViews.LogsView logs(@Parameter(hidden = true) Caller caller, String workspace, String name,
                                      @Parameter(schema = @Schema(type = "string", allowableValues = {"scheduler", "worker"}))
                                      @Nullable @QueryValue String role, @Nullable @QueryValue String instance,
                                      @Parameter(description = "from this time on (ISO-8601); not after until",
                                              schema = @Schema(type = "string", format = "date-time"))
                                      @Nullable @QueryValue String since,
                                      @Parameter(schema = @Schema(type = "string", format = "date-time")) @Nullable @QueryValue String until,
                                      @Nullable @QueryValue String filter,
                                      @Parameter(required = false, schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "10000",
                                              defaultValue = "1000")) @QueryValue(defaultValue = "1000") int limit) {
        return new ClusterViews.LogsView(logs.read(caller, workspace, name,
                new LogQuery(role, instance, time("since", since), time("until", until), filter, limit)));
    }

    @Get("/{name}/credentials")
    @Operation(summary = "Client certificate, CA, scheduler address and dashboard link with its token (creator and workspace admins)")
    public ClusterViews.CredentialsView credentials(@Parameter(hidden = true) Caller caller, String workspace, String name) {
        ConnectionService.Credentials c = connections.credentials(caller, workspace, name);
        return new ClusterViews.CredentialsView(c.schedulerAddress(), c.dashboardUrl(), c.caCertPem(), c.clientCertPem(),
                c.clientKeyPem(), c.versions());
    }

    /** The states the filters let through (null: any), each filter decided by {@link ClusterState}. */
    private static @Nullable List<ClusterState> states(@Nullable String status, @Nullable String finishedText) {
        Boolean finished = finishedText == null ? null : switch (finishedText) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ServiceException.invalid("finished", "finished must be true or false.");
        };
        if (status == null && finished == null) {
            return null;
        }
        ClusterState only = status == null ? null : ClusterState.parse(status);
        if (status != null && only == null) {
            throw ServiceException.invalid("status", "status must be one of pending, starting, running, stopping, stopped, failed.");
        }
        return Arrays.stream(ClusterState.values())
                .filter(state -> only == null || state == only)
                .filter(state -> finished == null || state.isFinished() == finished)
                .toList();
    }

    /** A whole number, or 400 (an empty or malformed value is not taken for "left out"). */
    private static int integer(String field, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ServiceException.invalid(field, field + " must be a whole number.");
        }
    }

    private static Instant time(String field, @Nullable String value) {
        try {
            return value == null ? null : Rfc3339.parse(value);
        } catch (DateTimeParseException e) {
            throw ServiceException.invalid(field, field + " must be an ISO-8601 time such as 2026-11-27T10:00:00Z.");
        }
    }
}
