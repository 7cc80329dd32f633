package io.flotilla.api.identity;

import io.flotilla.api.error.DocumentedErrors;
import io.flotilla.api.identity.IdentityViews.AuditView;
import io.flotilla.audit.AuditEvent;
import io.flotilla.audit.AuditFilter;
import io.flotilla.audit.AuditLog;
import io.flotilla.identity.Caller;
import io.flotilla.identity.Directory;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The audit log, newest first, paged by {@code before} (the last id of the previous page), narrowed by action,
 * target and kind ({@code api}: changes made through the services; {@code engine}: changes the engine made in the
 * cloud or on the machine, with cloud account, cause and resource ids).
 */
@Controller("/api/v1")
@Tag(name = "audit")
@DocumentedErrors
public class AuditController {
    private static final String ACTION = "only this action (e.g. cluster.stop, instance.terminate), or a prefix ending"
            + " in '.*' (e.g. security_group.*)";
    private static final String TARGET = "only entries about this target (a cluster's, user's, token's or cloud account's name)";
    private static final String KIND = "'api' (changes made through the API and console) or 'engine' (the engine's changes"
            + " in the cloud or on this machine)";
    private final AuditLog audit;
    private final Directory directory;

    public AuditController(AuditLog audit, Directory directory) {
        this.audit = audit;
        this.directory = directory;
    }

    @Get("/audit")
    @Operation(summary = "The appliance-wide audit log (appliance admins)")
    public List<AuditView> all(@Parameter(hidden = true) Caller caller,
                               @Parameter(description = "only entries older than this id (the last id of the previous page)")
                               @Nullable @QueryValue Long before,
                               @Parameter(description = "how many entries, 1 to 500", schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "100"))
                               @QueryValue(defaultValue = "100") int limit,
                               @Parameter(description = ACTION, schema = @Schema(type = "string", pattern = AuditFilter.ACTION_PATTERN, maxLength = AuditFilter.MAX_ACTION)) @Nullable @QueryValue String action,
                               @Parameter(description = TARGET, schema = @Schema(type = "string", maxLength = AuditFilter.MAX_TARGET)) @Nullable @QueryValue String target,
                               @Parameter(description = KIND, schema = @Schema(type = "string", allowableValues = {"api", "engine"})) @Nullable @QueryValue String kind) {
        return views(audit.list(caller, new AuditFilter(action, target, kind), before, limit));
    }

    @Get("/workspaces/{workspace}/audit")
    @Operation(summary = "A workspace's audit log (workspace admins)")
    public List<AuditView> workspace(@Parameter(hidden = true) Caller caller, String workspace,
                                     @Parameter(description = "only entries older than this id (the last id of the previous page)")
                                     @Nullable @QueryValue Long before,
                                     @Parameter(description = "how many entries, 1 to 500", schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "100"))
                                     @QueryValue(defaultValue = "100") int limit,
                                     @Parameter(description = ACTION, schema = @Schema(type = "string", pattern = AuditFilter.ACTION_PATTERN, maxLength = AuditFilter.MAX_ACTION)) @Nullable @QueryValue String action,
                                     @Parameter(description = TARGET, schema = @Schema(type = "string", maxLength = AuditFilter.MAX_TARGET)) @Nullable @QueryValue String target,
                                     @Parameter(description = KIND, schema = @Schema(type = "string", allowableValues = {"api", "engine"})) @Nullable @QueryValue String kind) {
        return views(audit.listWorkspace(caller, workspace, new AuditFilter(action, target, kind), before, limit));
    }

    private List<AuditView> views(List<AuditEvent> events) {
        Map<UUID, String> names = directory.workspaceNames();
        Function<AuditEvent, String> nameOf = e -> e.workspaceId() == null ? null : names.get(e.workspaceId());
        return events.stream().map(e -> AuditView.of(e, nameOf.apply(e))).toList();
    }
}
