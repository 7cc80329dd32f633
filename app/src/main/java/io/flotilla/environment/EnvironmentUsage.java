package io.flotilla.environment;

import io.flotilla.identity.Caller;
import io.flotilla.identity.WorkspaceAccess;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Which clusters of a workspace that are not finished use its software environments (the clusters that keep an
 * environment from being deleted), for members of the workspace.
 */
@Singleton
public class EnvironmentUsage {
    private final WorkspaceAccess access;
    private final ClusterSoftwareRepository clusterSoftware;

    public EnvironmentUsage(WorkspaceAccess access, ClusterSoftwareRepository clusterSoftware) {
        this.access = access;
        this.clusterSoftware = clusterSoftware;
    }

    /** Names of the active clusters using each of {@code names}, in the order given. */
    @Transactional(readOnly = true)
    public Map<String, List<String>> activeClusters(Caller caller, String workspace, Collection<String> names) {
        UUID workspaceId = access.requireMember(caller, workspace).workspace().id();
        Map<String, List<String>> users = new LinkedHashMap<>();
        for (String name : names) {
            users.put(name, clusterSoftware.activeClusterNames(workspaceId, name));
        }
        return users;
    }
}
