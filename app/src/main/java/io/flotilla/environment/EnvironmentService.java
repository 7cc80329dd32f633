package io.flotilla.environment;

import io.flotilla.audit.AuditLog;
import io.flotilla.environment.builder.EnvironmentSpec;
import io.flotilla.environment.builder.ImageBuilder;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.Caller;
import io.flotilla.identity.Names;
import io.flotilla.identity.WorkspaceAccess;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The public face of the environment engine, used alike by REST, the console, the CLI and package sync: create
 * (a new version, or the existing one with the same spec), list, get, delete. Builds are queued here and run by
 * {@link BuildRunner}; identical specs in a workspace share one build.
 */
@Singleton
public class EnvironmentService {
    private final SoftwareEnvironmentRepository environments;
    private final EnvironmentBuildRepository builds;
    private final ClusterSoftwareRepository clusterSoftware;
    private final ImageBuilders builders;
    private final WorkspaceAccess access;
    private final BuildLogFiles logs;
    private final AuditLog audit;
    private final ApplicationEventPublisher<EnvironmentBuildQueued> queued;
    private final Clock clock;

    public EnvironmentService(SoftwareEnvironmentRepository environments, EnvironmentBuildRepository builds,
                              ClusterSoftwareRepository clusterSoftware, ImageBuilders builders, WorkspaceAccess access,
                              BuildLogFiles logs, AuditLog audit, ApplicationEventPublisher<EnvironmentBuildQueued> queued,
                              Clock clock) {
        this.environments = environments;
        this.builds = builds;
        this.clusterSoftware = clusterSoftware;
        this.builders = builders;
        this.access = access;
        this.logs = logs;
        this.audit = audit;
        this.queued = queued;
        this.clock = clock;
    }

    /**
     * Creates a new version of {@code name} in the workspace, or returns the existing version with the same spec
     * hash (no new build) unless forceRebuild. Validates the spec and the builder's check() first (nothing stored on
     * a refusal). Queues a build if none ready/running for that hash.
     */
    @Transactional
    public EnvironmentView create(Caller caller, String workspace, String name, EnvironmentSpec spec, boolean forceRebuild) {
        WorkspaceAccess.Access ws = access.requireMember(caller, workspace);
        String envName = Names.require("name", name);
        EnvironmentSpec canonical = SpecValidator.canonical(spec);
        String builderId = builders.providerOf(ws.workspace().id());
        ImageBuilder builder = builders.byId(builderId);
        try {
            builder.check(canonical);
        } catch (ServiceException refused) {
            if (refused.kind() != ServiceException.Kind.INVALID_INPUT) {
                throw refused;
            }
            // a well-formed spec this workspace's provider cannot build (another provider could): a conflict
            throw new ServiceException(ServiceException.Kind.CONFLICT, "not_buildable_here", refused.getMessage(),
                    refused.details());
        }
        String hash = SpecJson.hash(canonical);
        UUID workspaceId = ws.workspace().id();
        environments.lockName(workspaceId, envName);
        Optional<SoftwareEnvironment> newest = environments.findNewest(workspaceId, envName);
        EnvironmentBuild build = buildFor(workspaceId, hash, canonical, builderId, forceRebuild);
        SoftwareEnvironment version;
        if (newest.isPresent() && newest.get().specHash().equals(hash)) {
            version = newest.get().buildId().equals(build.id()) ? newest.get()
                    : environments.update(newest.get().withBuild(build.id()));
        } else {
            version = environments.save(new SoftwareEnvironment(UUID.randomUUID(), workspaceId, envName,
                    newest.map(SoftwareEnvironment::version).orElse(0) + 1, hash, build.id(), caller.username(), clock.instant()));
            audit.record(caller, "environment.create", workspaceId, envName + ":" + version.version(), "spec=" + hash.substring(0, 12));
        }
        if (forceRebuild) {
            audit.record(caller, "environment.rebuild", workspaceId, envName + ":" + version.version(), "build=" + build.id());
        }
        return EnvironmentView.of(version, build);
    }

    private EnvironmentBuild buildFor(UUID workspaceId, String hash, EnvironmentSpec spec, String builderId, boolean force) {
        Optional<EnvironmentBuild> existing = builds.findNewest(workspaceId, hash);
        if (!force && existing.isPresent() && existing.get().state() != BuildState.FAILED) {
            return existing.get();
        }
        EnvironmentBuild build = builds.save(EnvironmentBuild.queued(workspaceId, hash, SpecJson.write(spec), builderId, clock.instant()));
        logs.append(build.id(), "# queued: " + (force ? "forced rebuild of " : "build of ") + "spec " + hash.substring(0, 12)
                + " with the " + builderId + " builder");
        queued.publishEvent(new EnvironmentBuildQueued(build.id()));
        return build;
    }

    /** The newest version of every environment of the workspace, by name. */
    @Transactional(readOnly = true)
    public List<EnvironmentView> list(Caller caller, String workspace) {
        UUID workspaceId = access.requireMember(caller, workspace).workspace().id();
        return environments.findNewestOfEach(workspaceId).stream().map(this::view).toList();
    }

    @Transactional(readOnly = true)
    public EnvironmentDetail get(Caller caller, String workspace, String name) {
        UUID workspaceId = access.requireMember(caller, workspace).workspace().id();
        List<SoftwareEnvironment> versions = environments.findByWorkspaceIdAndNameOrderByVersionDesc(workspaceId, name);
        if (versions.isEmpty()) {
            throw ServiceException.notFound("software_environment", name);
        }
        List<EnvironmentView> views = versions.stream().map(this::view).toList();
        List<BuildView> buildViews = versions.stream().map(SoftwareEnvironment::specHash).distinct()
                .flatMap(hash -> builds.findByWorkspaceIdAndSpecHashOrderByCreatedAtDesc(workspaceId, hash).stream())
                .sorted(Comparator.comparing(EnvironmentBuild::createdAt).reversed()).map(BuildView::of).toList();
        return new EnvironmentDetail(views.get(0), views, buildViews);
    }

    /** One build of the environment (404 unless one of its versions' specs built it). */
    @Transactional(readOnly = true)
    public EnvironmentBuild build(Caller caller, String workspace, String name, UUID buildId) {
        UUID workspaceId = access.requireMember(caller, workspace).workspace().id();
        EnvironmentBuild build = builds.findById(buildId).filter(b -> b.workspaceId().equals(workspaceId))
                .orElseThrow(() -> ServiceException.notFound("build", buildId.toString()));
        boolean ofThisName = environments.findByWorkspaceIdAndNameOrderByVersionDesc(workspaceId, name).stream()
                .anyMatch(v -> v.specHash().equals(build.specHash()));
        if (!ofThisName) {
            throw ServiceException.notFound("build", buildId.toString());
        }
        return build;
    }

    /** Deletes every version of the environment; refused (409) while a cluster that is not finished uses it. */
    @Transactional
    public void delete(Caller caller, String workspace, String name) {
        WorkspaceAccess.Access ws = access.requireMember(caller, workspace);
        UUID workspaceId = ws.workspace().id();
        List<SoftwareEnvironment> versions = environments.lockName(workspaceId, name);
        if (versions.isEmpty()) {
            throw ServiceException.notFound("software_environment", name);
        }
        if (!ws.isAdmin() && versions.stream().anyMatch(v -> !v.createdBy().equals(caller.username()))) {
            throw ServiceException.forbidden("Only the environment's creator and admins of workspace '" + workspace
                    + "' can delete it.");
        }
        List<String> users = clusterSoftware.activeClusterNames(workspaceId, name);
        if (!users.isEmpty()) {
            throw new ServiceException(ServiceException.Kind.CONFLICT, "environment_in_use", "Software environment '" + name
                    + "' is used by cluster" + (users.size() > 1 ? "s " : " ") + String.join(", ", users)
                    + "; stop " + (users.size() > 1 ? "them" : "it") + " first.", Map.of("clusters", users));
        }
        environments.deleteByWorkspaceIdAndName(workspaceId, name);
        audit.record(caller, "environment.delete", workspaceId, name, versions.size() + " versions");
        removeUnusedBuilds(workspaceId);
    }

    /** Finished builds no version refers to and no active cluster runs: their artifacts, logs and rows go. */
    private void removeUnusedBuilds(UUID workspaceId) {
        for (EnvironmentBuild build : builds.findUnreferenced(workspaceId)) {
            if (!build.state().isFinished() || !clusterSoftware.activeClusterIds(build.id()).isEmpty()) {
                continue;
            }
            if (build.artifact() != null) {
                builders.byId(build.builder()).delete(build.artifact());
            }
            builds.delete(build);
            logs.delete(build.id());
        }
    }

    private EnvironmentView view(SoftwareEnvironment env) {
        return EnvironmentView.of(env, builds.findById(env.buildId()).orElseThrow());
    }
}
