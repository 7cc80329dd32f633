package io.flotilla.api.identity;

import io.flotilla.api.error.DocumentedErrors;
import io.flotilla.api.identity.IdentityViews.AuditView;
import io.flotilla.audit.AuditEvent;
import io.flotilla.audit.AuditLog;
import io.flotilla.identity.Caller;
import io.flotilla.identity.Workspace;
import io.flotilla.identity.WorkspaceRepository;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The audit log, newest first, paged by {@code before} (the last id of the previous page). */
@Controller("/api/v1")
@Tag(name = "audit")
@DocumentedErrors
public class AuditController {
    private final AuditLog audit;
    private final WorkspaceRepository workspaces;

    public AuditController(AuditLog audit, WorkspaceRepository workspaces) {
        this.audit = audit;
        this.workspaces = workspaces;
    }

    @Get("/audit")
    @Operation(summary = "The appliance-wide audit log (appliance admins)")
    public List<AuditView> all(@Parameter(hidden = true) Caller caller, @Nullable @QueryValue Long before,
                               @QueryValue(defaultValue = "100") int limit) {
        return views(audit.list(caller, before, limit));
    }

    @Get("/workspaces/{workspace}/audit")
    @Operation(summary = "A workspace's audit log (workspace admins)")
    public List<AuditView> workspace(@Parameter(hidden = true) Caller caller, String workspace,
                                     @Nullable @QueryValue Long before, @QueryValue(defaultValue = "100") int limit) {
        return views(audit.listWorkspace(caller, workspace, before, limit));
    }

    private List<AuditView> views(List<AuditEvent> events) {
        Map<UUID, String> names = workspaces.findAll().stream()
                .collect(Collectors.toMap(Workspace::id, Workspace::name, (a, b) -> a));
        Function<AuditEvent, String> nameOf = e -> e.workspaceId() == null ? null : names.get(e.workspaceId());
        return events.stream().map(e -> AuditView.of(e, nameOf.apply(e))).toList();
    }
}
