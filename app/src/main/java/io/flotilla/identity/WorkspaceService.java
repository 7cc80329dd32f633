package io.flotilla.identity;

import io.flotilla.audit.AuditLog;
import io.flotilla.error.ServiceException;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Workspaces and their members. */
@Singleton
public class WorkspaceService {
    private final WorkspaceRepository workspaces;
    private final MembershipRepository memberships;
    private final UserRepository users;
    private final WorkspaceAccess access;
    private final AuditLog audit;
    private final Clock clock;

    public WorkspaceService(WorkspaceRepository workspaces, MembershipRepository memberships, UserRepository users,
                            WorkspaceAccess access, AuditLog audit, Clock clock) {
        this.workspaces = workspaces;
        this.memberships = memberships;
        this.users = users;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    /** A member of a workspace as shown to people. */
    public record Member(String username, String displayName, Role role) {
    }

    /** The workspaces the caller belongs to (all of them for appliance admins). */
    @Transactional(readOnly = true)
    public List<Workspace> list(Caller caller) {
        return caller.applianceAdmin() ? workspaces.findAllOrderByName() : workspaces.findAllForMember(caller.userId());
    }

    @Transactional(readOnly = true)
    public WorkspaceAccess.Access get(Caller caller, String name) {
        return access.requireMember(caller, name);
    }

    /** Creates a workspace (appliance admins only); the creator becomes its first admin. */
    @Transactional
    public Workspace create(Caller caller, String name, String description) {
        WorkspaceAccess.requireApplianceAdmin(caller);
        Names.require("workspace name", name);
        Names.text("description", description, 512);
        if (workspaces.existsByName(name)) {
            throw ServiceException.conflict("workspace_exists", "A workspace named '" + name + "' already exists.");
        }
        Workspace workspace = workspaces.save(new Workspace(UUID.randomUUID(), name, description, clock.instant()));
        memberships.save(new Membership(UUID.randomUUID(), workspace.id(), caller.userId(), Role.ADMIN, clock.instant()));
        audit.record(caller, "workspace.create", workspace.id(), name, description);
        return workspace;
    }

    @Transactional(readOnly = true)
    public List<Member> members(Caller caller, String workspaceName) {
        Workspace workspace = access.requireMember(caller, workspaceName).workspace();
        return memberships.findByWorkspaceId(workspace.id()).stream()
                .map(m -> users.findById(m.userId()).map(u -> new Member(u.username(), u.displayName(), m.role())))
                .flatMap(java.util.Optional::stream)
                .sorted(java.util.Comparator.comparing(Member::username))
                .toList();
    }

    /** Adds a user to the workspace, or changes the role of one who is already in it (workspace admins). */
    @Transactional
    public Member putMember(Caller caller, String workspaceName, String username, Role role) {
        Workspace workspace = access.requireAdmin(caller, workspaceName).workspace();
        if (role == null) {
            throw ServiceException.invalid("role", "The role is required: 'admin' or 'member'.");
        }
        User user = users.findByUsername(username).orElseThrow(() -> ServiceException.notFound("user", username));
        Membership existing = memberships.findByWorkspaceIdAndUserId(workspace.id(), user.id()).orElse(null);
        if (existing == null) {
            memberships.save(new Membership(UUID.randomUUID(), workspace.id(), user.id(), role, clock.instant()));
            audit.record(caller, "member.add", workspace.id(), username, role.name());
        } else if (existing.role() != role) {
            if (existing.role() == Role.ADMIN) {
                requireAnotherAdmin(workspace);
            }
            memberships.update(existing.withRole(role));
            audit.record(caller, "member.role", workspace.id(), username, role.name());
        }
        return new Member(user.username(), user.displayName(), role);
    }

    /** Removes a member (workspace admins); the last admin cannot be removed. */
    @Transactional
    public void removeMember(Caller caller, String workspaceName, String username) {
        Workspace workspace = access.requireAdmin(caller, workspaceName).workspace();
        User user = users.findByUsername(username).orElseThrow(() -> ServiceException.notFound("member", username));
        Membership membership = memberships.findByWorkspaceIdAndUserId(workspace.id(), user.id())
                .orElseThrow(() -> ServiceException.notFound("member", username));
        if (membership.role() == Role.ADMIN) {
            requireAnotherAdmin(workspace);
        }
        memberships.delete(membership);
        audit.record(caller, "member.remove", workspace.id(), username, null);
    }

    private void requireAnotherAdmin(Workspace workspace) {
        if (memberships.countByWorkspaceIdAndRole(workspace.id(), Role.ADMIN) <= 1) {
            throw ServiceException.conflict("last_admin",
                    "Workspace '" + workspace.name() + "' must keep at least one admin.");
        }
    }
}
