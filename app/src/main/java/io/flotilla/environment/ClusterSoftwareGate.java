package io.flotilla.environment;

import io.flotilla.environment.builder.BuiltArtifact;
import io.flotilla.error.ServiceException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where clusters meet environments: a new cluster's {@code software} ({@code name} or {@code name:version}) is
 * resolved and recorded at create (unknown: 404); the reconciler asks whether its build is ready before provisioning.
 */
@Singleton
public class ClusterSoftwareGate {
    private static final Pattern REFERENCE = Pattern.compile("([^:\\s]+)(?::([0-9]{1,9}))?");
    private final SoftwareEnvironmentRepository environments;
    private final EnvironmentBuildRepository builds;
    private final ClusterSoftwareRepository clusterSoftware;

    public ClusterSoftwareGate(SoftwareEnvironmentRepository environments, EnvironmentBuildRepository builds,
                               ClusterSoftwareRepository clusterSoftware) {
        this.environments = environments;
        this.builds = builds;
        this.clusterSoftware = clusterSoftware;
    }

    /** The environment version a reference names in the workspace, or 404/400 with a sentence. */
    public SoftwareEnvironment resolve(UUID workspaceId, String workspace, String reference) {
        Matcher m = REFERENCE.matcher(reference.strip());
        if (!m.matches()) {
            throw ServiceException.invalid("software", "software must be an environment name, or name:version such as analysis:3.");
        }
        String name = m.group(1);
        Optional<SoftwareEnvironment> found = m.group(2) == null ? environments.findNewest(workspaceId, name)
                : environments.findByWorkspaceIdAndNameAndVersion(workspaceId, name, Integer.parseInt(m.group(2)));
        return found.orElseThrow(() -> new ServiceException(ServiceException.Kind.NOT_FOUND, "software_environment_not_found",
                "Workspace '" + workspace + "' has no software environment '" + reference.strip() + "'; create it first"
                        + " (flotilla env create) or leave software out.", java.util.Map.of("software", reference.strip())));
    }

    /** Records that the cluster runs that version's build (in the cluster's create transaction). */
    public void attach(UUID clusterId, SoftwareEnvironment environment) {
        clusterSoftware.save(new ClusterSoftware(clusterId, environment.name(), environment.version(), environment.buildId()));
    }

    /** What a cluster waits for: nothing (no environment), its build in progress, ready or failed. */
    public record Status(@Nullable String environment, @Nullable BuildState state, @Nullable String failure,
                         @Nullable BuiltArtifact artifact) {
        public boolean waiting() {
            return state != null && !state.isFinished();
        }

        public boolean failed() {
            return state == BuildState.FAILED;
        }
    }

    @Transactional(readOnly = true)
    public Status status(UUID clusterId) {
        return clusterSoftware.findById(clusterId).map(s -> {
            EnvironmentBuild build = builds.findById(s.buildId()).orElse(null);
            String label = s.environmentName() + ":" + s.environmentVersion();
            if (build == null) {
                return new Status(label, BuildState.FAILED, "its build was deleted", null);
            }
            return new Status(label, build.state(), build.failure(), build.artifact());
        }).orElse(new Status(null, null, null, null));
    }
}
