package io.flotilla.identity;

import io.flotilla.error.ServiceException;
import jakarta.inject.Singleton;

/**
 * The one place that decides whether a caller may see or manage a workspace. A workspace the caller
 * does not belong to is reported as not found, so that its existence does not leak.
 */
@Singleton
public class WorkspaceAccess {
    private final WorkspaceRepository workspaces;
    private final MembershipRepository memberships;

    public WorkspaceAccess(WorkspaceRepository workspaces, MembershipRepository memberships) {
        this.workspaces = workspaces;
        this.memberships = memberships;
    }

    /** A workspace together with the caller's effective role in it. */
    public record Access(Workspace workspace, Role role) {
        public boolean isAdmin() {
            return role == Role.ADMIN;
        }
    }

    /** The caller's access to {@code workspaceName}; appliance admins are admins everywhere. */
    public Access requireMember(Caller caller, String workspaceName) {
        Workspace workspace = workspaces.findByName(workspaceName)
                .orElseThrow(() -> ServiceException.notFound("workspace", workspaceName));
        if (caller.applianceAdmin()) {
            return new Access(workspace, Role.ADMIN);
        }
        return memberships.findByWorkspaceIdAndUserId(workspace.id(), caller.userId())
                .map(m -> new Access(workspace, m.role()))
                .orElseThrow(() -> ServiceException.notFound("workspace", workspaceName));
    }

    /** Like {@link #requireMember} but also requires the workspace admin role. */
    public Access requireAdmin(Caller caller, String workspaceName) {
        Access access = requireMember(caller, workspaceName);
        if (!access.isAdmin()) {
            throw ServiceException.forbidden("Only admins of workspace '" + workspaceName + "' can do this.");
        }
        return access;
    }

    /** Throws unless the caller administers the whole appliance. */
    public static void requireApplianceAdmin(Caller caller) {
        if (!caller.applianceAdmin()) {
            throw ServiceException.forbidden("Only appliance administrators can do this.");
        }
    }
}
