package io.flotilla.identity;

import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Names for ids, for views that show who owns what (REST, console): user and workspace names are not secret
 * among the appliance's users, so no caller check; everything else about them goes through the services.
 */
@Singleton
public class Directory {
    private final UserRepository users;
    private final WorkspaceRepository workspaces;

    public Directory(UserRepository users, WorkspaceRepository workspaces) {
        this.users = users;
        this.workspaces = workspaces;
    }

    /** Usernames by user id, for the ids that exist. */
    @Transactional(readOnly = true)
    public Map<UUID, String> usernames(Collection<UUID> userIds) {
        return userIds.isEmpty() ? Map.of()
                : users.findByIdIn(userIds).stream().collect(Collectors.toMap(User::id, User::username));
    }

    /** The id of the user with this name, if there is one. */
    @Transactional(readOnly = true)
    public Optional<UUID> userId(String username) {
        return users.findByUsername(username).map(User::id);
    }

    /** Every workspace's name by id. */
    @Transactional(readOnly = true)
    public Map<UUID, String> workspaceNames() {
        return workspaces.findAll().stream().collect(Collectors.toMap(Workspace::id, Workspace::name, (a, b) -> a));
    }
}
