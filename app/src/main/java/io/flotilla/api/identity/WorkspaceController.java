package io.flotilla.api.identity;

import io.flotilla.api.error.DocumentedErrors;
import io.flotilla.api.identity.IdentityViews.MemberView;
import io.flotilla.api.identity.IdentityViews.WorkspaceView;
import io.flotilla.identity.Caller;
import io.flotilla.identity.Role;
import io.flotilla.identity.WorkspaceAccess;
import io.flotilla.identity.WorkspaceService;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import java.util.List;

/** Workspaces and their members. */
@Controller("/api/v1/workspaces")
@Tag(name = "workspaces")
@DocumentedErrors
public class WorkspaceController {
    private final WorkspaceService workspaces;

    public WorkspaceController(WorkspaceService workspaces) {
        this.workspaces = workspaces;
    }

    @Get
    @Operation(summary = "List the workspaces I belong to (all, for appliance admins)")
    public List<WorkspaceView> list(@Parameter(hidden = true) Caller caller) {
        return workspaces.list(caller).stream()
                .map(w -> WorkspaceView.of(w, workspaces.get(caller, w.name()).role()))
                .toList();
    }

    @Post
    @Status(HttpStatus.CREATED)
    @Operation(summary = "Create a workspace (appliance admins); the creator becomes its admin")
    public WorkspaceView create(@Parameter(hidden = true) Caller caller, @Valid @Body IdentityRequests.CreateWorkspace request) {
        return WorkspaceView.of(workspaces.create(caller, request.name(), request.description()), Role.ADMIN);
    }

    @Get("/{workspace}")
    @Operation(summary = "Get a workspace")
    public WorkspaceView get(@Parameter(hidden = true) Caller caller, String workspace) {
        WorkspaceAccess.Access access = workspaces.get(caller, workspace);
        return WorkspaceView.of(access.workspace(), access.role());
    }

    @Get("/{workspace}/members")
    @Operation(summary = "List a workspace's members")
    public List<MemberView> members(@Parameter(hidden = true) Caller caller, String workspace) {
        return workspaces.members(caller, workspace).stream().map(MemberView::of).toList();
    }

    @Put("/{workspace}/members/{username}")
    @Operation(summary = "Add a member or change their role (workspace admins)")
    public MemberView putMember(@Parameter(hidden = true) Caller caller, String workspace, String username,
                                @Valid @Body IdentityRequests.PutMember request) {
        return MemberView.of(workspaces.putMember(caller, workspace, username, request.role()));
    }

    @Delete("/{workspace}/members/{username}")
    @Status(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a member (workspace admins)")
    public void removeMember(@Parameter(hidden = true) Caller caller, String workspace, String username) {
        workspaces.removeMember(caller, workspace, username);
    }
}
