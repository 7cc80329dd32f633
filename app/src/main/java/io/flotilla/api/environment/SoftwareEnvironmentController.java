package io.flotilla.api.environment;

import io.flotilla.api.error.DocumentedErrors;
import io.flotilla.environment.BuildSettings;
import io.flotilla.environment.EnvironmentLogs;
import io.flotilla.environment.EnvironmentService;
import io.flotilla.environment.builder.CondaSpec;
import io.flotilla.environment.builder.EnvironmentSpec;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.Caller;
import io.flotilla.identity.Names;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import java.util.List;
import java.util.UUID;

/** Software environments of a workspace: named, versioned specs built once per identical spec. */
@Controller("/api/v1/workspaces/{workspace}/software-environments")
@Tag(name = "software-environments")
@DocumentedErrors
public class SoftwareEnvironmentController {
    private final EnvironmentService environments;
    private final EnvironmentLogs logs;
    private final BuildSettings settings;

    public SoftwareEnvironmentController(EnvironmentService environments, EnvironmentLogs logs, BuildSettings settings) {
        this.environments = environments;
        this.logs = logs;
        this.settings = settings;
    }

    @Post
    @Status(HttpStatus.CREATED)
    @Operation(summary = "Create a software environment version (or return the one with the same spec) and queue its build")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(mediaType = "application/json",
            schema = @Schema(oneOf = {EnvironmentRequests.PipSpec.class, EnvironmentRequests.CondaBody.class,
                    EnvironmentRequests.ContainerSpec.class})))
    public EnvironmentViews.Environment create(@Parameter(hidden = true) Caller caller, String workspace,
                                               @Valid @Body EnvironmentRequests.Create request) {
        EnvironmentSpec spec = new EnvironmentSpec(request.pip() == null ? List.of() : request.pip(),
                request.conda() == null ? null : new CondaSpec(request.conda().channels(), request.conda().dependencies()),
                request.container(), request.python() == null ? settings.getDefaultPython() : request.python(),
                request.architecture() == null ? "x86_64" : request.architecture(),
                Boolean.TRUE.equals(request.gpuEnabled()), List.of());
        return EnvironmentViews.Environment.of(environments.create(caller, workspace, request.name(), spec,
                Boolean.TRUE.equals(request.forceRebuild())));
    }

    @Get
    @Operation(summary = "List the workspace's software environments (newest version of each)")
    public List<EnvironmentViews.Environment> list(@Parameter(hidden = true) Caller caller, String workspace) {
        return environments.list(caller, workspace).stream().map(EnvironmentViews.Environment::of).toList();
    }

    @Get("/{name}")
    @Operation(summary = "A software environment: its versions and their builds")
    public EnvironmentViews.Detail get(@Parameter(hidden = true) Caller caller, String workspace,
                                       @Parameter(schema = @Schema(type = "string", pattern = Names.PATTERN)) String name) {
        return EnvironmentViews.Detail.of(environments.get(caller, workspace, name));
    }

    @Get("/{name}/builds/{buildId}/logs")
    @Operation(summary = "A build's log; with follow=true, wait (long polling) for new lines while the build runs")
    public EnvironmentViews.Log logs(@Parameter(hidden = true) Caller caller, String workspace,
                                     @Parameter(schema = @Schema(type = "string", pattern = Names.PATTERN)) String name,
                                     @Parameter(schema = @Schema(type = "string", format = "uuid")) String buildId,
                                     @Parameter(description = "skip this many lines (the next of an earlier answer)",
                                             schema = @Schema(type = "integer", format = "int32", minimum = "0", defaultValue = "0"))
                                     @Nullable @QueryValue String after,
                                     @Parameter(description = "wait for lines while the build runs", schema = @Schema(type = "boolean"))
                                     @Nullable @QueryValue String follow,
                                     @Parameter(description = "how long to wait at most with follow, 1 to 30 seconds (default 10)",
                                             schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "30"))
                                     @Nullable @QueryValue String waitSeconds) throws InterruptedException {
        int from = after == null ? 0 : integer("after", after, 0, Integer.MAX_VALUE);
        boolean wait = follow != null && bool("follow", follow);
        int seconds = waitSeconds == null ? 10 : integer("waitSeconds", waitSeconds, 1, 30);
        return EnvironmentViews.Log.of(logs.read(caller, workspace, name, uuid(buildId), from, wait, seconds));
    }

    @Delete("/{name}")
    @Status(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete every version of a software environment; refused (409) while a cluster uses it")
    public void delete(@Parameter(hidden = true) Caller caller, String workspace,
                       @Parameter(schema = @Schema(type = "string", pattern = Names.PATTERN)) String name) {
        environments.delete(caller, workspace, name);
    }

    private static int integer(String field, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw ServiceException.invalid(field, field + " must be between " + min + " and " + max + ".");
            }
            return n;
        } catch (NumberFormatException e) {
            throw ServiceException.invalid(field, field + " must be a whole number.");
        }
    }

    private static boolean bool(String field, String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ServiceException.invalid(field, field + " must be true or false.");
        };
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalid("buildId", "buildId must be a build's id (a UUID).");
        }
    }
}
