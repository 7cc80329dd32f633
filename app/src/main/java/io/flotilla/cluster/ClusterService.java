package io.flotilla.cluster;

import io.flotilla.account.CloudAccount;
import io.flotilla.account.CloudAccountService;
import io.flotilla.audit.AuditLog;
import io.flotilla.environment.ClusterSoftwareGate;
import io.flotilla.environment.SoftwareEnvironment;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.Caller;
import io.flotilla.identity.Names;
import io.flotilla.identity.WorkspaceAccess;
import io.flotilla.provider.ProviderRegistry;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The public face of the cluster engine, used alike by REST, the console and the CLI: create, list,
 * get, scale, adapt, stop. It only writes desired state; the reconciler makes it so.
 */
@Singleton
public class ClusterService {
    /** Provider used for new clusters until workspaces are bound to cloud accounts. */
    public static final String DEFAULT_PROVIDER = ProviderRegistry.DEFAULT_PROVIDER;
    private final ClusterRepository clusters;
    private final ClusterEventRepository events;
    private final ClusterSpecValidator validator;
    private final ClusterTransitions transitions;
    private final WorkspaceAccess access;
    private final ProviderRegistry providers;
    private final CloudAccountService cloudAccounts;
    private final AuditLog audit;
    private final ApplicationEventPublisher<ClusterChanged> changes;
    private final ClusterSoftwareGate software;
    private final List<ClusterAdmission> admissions;
    private final Clock clock;
    private final AdaptiveTimingRepository adaptiveTimings;

    public ClusterService(ClusterRepository clusters, ClusterEventRepository events, ClusterSpecValidator validator,
                          ClusterTransitions transitions, WorkspaceAccess access, ProviderRegistry providers,
                          CloudAccountService cloudAccounts, AuditLog audit, ApplicationEventPublisher<ClusterChanged> changes,
                          ClusterSoftwareGate software, List<ClusterAdmission> admissions, Clock clock,
                          AdaptiveTimingRepository adaptiveTimings) {
        this.adaptiveTimings = adaptiveTimings;
        this.clusters = clusters;
        this.events = events;
        this.validator = validator;
        this.transitions = transitions;
        this.access = access;
        this.providers = providers;
        this.cloudAccounts = cloudAccounts;
        this.audit = audit;
        this.changes = changes;
        this.software = software;
        this.admissions = List.copyOf(admissions);
        this.clock = clock;
    }

    /** A page of clusters and the total that match. */
    public record Page(List<Cluster> items, long total) {
    }

    @Transactional
    public Cluster create(Caller caller, String workspace, @Nullable String name, ClusterSpecValidator.Options options) {
        WorkspaceAccess.Access ws = access.requireMember(caller, workspace);
        String clusterName = name == null ? caller.username() + "-" + HexFormat.of().formatHex(randomBytes()) : Names.require("cluster name", name);
        ClusterSpec spec = validator.validate(options);
        Optional<CloudAccount> account = cloudAccounts.boundTo(ws.workspace().id());
        String provider = account.map(CloudAccount::provider).orElse(DEFAULT_PROVIDER);
        if (!providers.supports(provider)) {
            throw ServiceException.unavailable("provider_not_configured",
                    "The compute provider '" + provider + "' is not configured on this appliance.", null);
        }
        if (spec.workerGpuCount() > 0 && !providers.capabilities(provider).gpu()) {
            throw ServiceException.invalid("workerGpu", "workerGpu: clusters of workspace '" + workspace + "' run "
                    + account.map(a -> "in cloud account " + a.name() + " (provider '" + provider + "')")
                    .orElse("on this machine (provider '" + provider + "')")
                    + ", which cannot give workers GPUs. Leave workerGpu out, or bind the workspace to an AWS cloud account.");
        }
        if (clusters.findActive(ws.workspace().id(), clusterName).isPresent()) {
            throw ServiceException.conflict("cluster_exists", "A cluster named '" + clusterName
                    + "' is already active in workspace '" + workspace + "'. Stop it first or choose another name.");
        }
        SoftwareEnvironment environment = spec.software() == null ? null
                : software.resolve(ws.workspace().id(), workspace, spec.software());
        List<String> warnings = new java.util.ArrayList<>();
        admissions.forEach(a -> warnings.addAll(a.admitNew(ws.workspace().id(), caller.userId(), provider, spec)));
        Cluster cluster = clusters.save(new Cluster(UUID.randomUUID(), ws.workspace().id(), caller.userId(), clusterName,
                provider, ClusterStatus.PENDING, ClusterTarget.RUNNING, null, ClusterSpecView.write(spec),
                spec.nWorkers(), null, null, null, null, null, null, 0, null, 0, null, null, null,
                clock.instant(), clock.instant(), null, null, account.map(CloudAccount::id).orElse(null)));
        transitions.event(cluster.id(), "created", "Requested by " + caller.username() + " with " + spec.nWorkers() + " workers"
                + account.map(a -> " in cloud account " + a.name() + " (" + a.region() + ")").orElse(" on this machine"));
        warnings.forEach(warning -> transitions.event(cluster.id(), "usage", warning));
        if (environment != null) {
            software.attach(cluster.id(), environment);
            transitions.event(cluster.id(), "software", "Runs software environment " + environment.name() + ":"
                    + environment.version());
        }
        audit.record(caller, "cluster.create", ws.workspace().id(), clusterName, "workers=" + spec.nWorkers());
        changes.publishEvent(new ClusterChanged(cluster.id()));
        return cluster;
    }

    /**
     * A page of the workspace's clusters, newest first, whose public state is one of {@code states} (null: any;
     * empty: none), decided by {@link ClusterState}'s table on the row's status and target.
     */
    @Transactional(readOnly = true)
    public Page list(Caller caller, String workspace, @Nullable Collection<ClusterState> states, @Nullable UUID ownerId,
                     int limit, int offset) {
        WorkspaceAccess.Access ws = access.requireMember(caller, workspace);
        if (limit < 1 || limit > 500 || offset < 0) {
            throw ServiceException.invalid("limit", "limit must be between 1 and 500 and offset at least 0.");
        }
        if (states != null && states.isEmpty()) {
            return new Page(List.of(), 0);
        }
        String rows = states == null ? null : String.join(",", ClusterState.rowKeys(states));
        return new Page(clusters.page(ws.workspace().id(), rows, ownerId, limit, offset),
                clusters.countPage(ws.workspace().id(), rows, ownerId));
    }

    /** The newest cluster of that name in the workspace (members). */
    @Transactional(readOnly = true)
    public Cluster get(Caller caller, String workspace, String name) {
        WorkspaceAccess.Access ws = access.requireMember(caller, workspace);
        return clusters.findNewest(ws.workspace().id(), name).orElseThrow(() -> ServiceException.notFound("cluster", name));
    }

    @Transactional(readOnly = true)
    public List<ClusterEvent> events(Caller caller, String workspace, String name) {
        return events.findByClusterIdOrderById(get(caller, workspace, name).id());
    }

    /** Sets a fixed worker count (turns adaptive scaling off). Creator and workspace admins. */
    @Transactional
    public Cluster scale(Caller caller, String workspace, String name, int workers) {
        Cluster cluster = requireActive(requireControl(caller, workspace, name));
        validator.workerCount("nWorkers", workers);
        Cluster locked = clusters.lock(cluster.id()).orElseThrow();
        admit(locked, workers);
        Cluster changed = clusters.update(locked.withScale(workers, null, null));
        transitions.event(cluster.id(), "scale", caller.username() + " scaled to " + workers + " workers");
        audit.record(caller, "cluster.scale", cluster.workspaceId(), name, "workers=" + workers);
        changes.publishEvent(new ClusterChanged(cluster.id()));
        return changed;
    }

    /** Turns on adaptive scaling between minimum and maximum (decided on the scheduler), with the timing kept. */
    @Transactional
    public Cluster adapt(Caller caller, String workspace, String name, int minimum, int maximum) {
        return adapt(caller, workspace, name, minimum, maximum, null, null, null);
    }

    /**
     * Turns on adaptive scaling between minimum and maximum, decided on the scheduler by Dask's adaptive logic every
     * {@code intervalSeconds}, aiming at queued work done within {@code targetDurationSeconds}, removing workers only
     * after {@code waitCount} intervals in a row asked for fewer ({@link AdaptiveTiming}; null keeps the current value).
     */
    @Transactional
    public Cluster adapt(Caller caller, String workspace, String name, int minimum, int maximum,
                         @Nullable Double intervalSeconds, @Nullable Double targetDurationSeconds, @Nullable Integer waitCount) {
        Cluster cluster = requireActive(requireControl(caller, workspace, name));
        validator.workerCount("minimum", minimum);
        validator.workerCount("maximum", maximum);
        if (minimum > maximum) {
            throw ServiceException.invalid("minimum", "minimum (" + minimum + ") must not exceed maximum (" + maximum + ").");
        }
        AdaptiveTiming current = adaptiveTimings.findById(cluster.id()).orElse(AdaptiveTiming.defaults(cluster.id()));
        AdaptiveTiming timing = current.with(intervalSeconds, targetDurationSeconds, waitCount);
        Cluster locked = clusters.lock(cluster.id()).orElseThrow();
        if (adaptiveTimings.existsById(cluster.id())) {
            adaptiveTimings.update(timing);
        } else if (!timing.equals(current)) {
            adaptiveTimings.save(timing);
        }
        int start = Math.max(minimum, Math.min(maximum, locked.desiredWorkers()));
        admit(locked, start);
        Cluster changed = clusters.update(locked.withScale(start, minimum, maximum));
        String timingText = " (interval " + AdaptiveTiming.dask(timing.intervalMillis()) + ", target duration "
                + AdaptiveTiming.dask(timing.targetDurationMillis()) + ", wait count " + timing.waitCount() + ")";
        transitions.event(cluster.id(), "adapt", caller.username() + " turned on adaptive scaling " + minimum + ".."
                + maximum + timingText);
        audit.record(caller, "cluster.adapt", cluster.workspaceId(), name, minimum + ".." + maximum + timingText);
        changes.publishEvent(new ClusterChanged(cluster.id()));
        return changed;
    }

    /** Asks the cluster to stop (idempotent). Creator and workspace admins. */
    @Transactional
    public Cluster stop(Caller caller, String workspace, String name, @Nullable String reason) {
        Cluster cluster = requireControl(caller, workspace, name);
        String given = Names.text("reason", reason, 200);
        String why = given == null || given.isBlank() || given.equals("user request") ? "user request" : "user request: " + given;
        Cluster stopped = transitions.requestStop(cluster.id(), why);
        audit.record(caller, "cluster.stop", cluster.workspaceId(), name, why);
        changes.publishEvent(new ClusterChanged(cluster.id()));
        return stopped;
    }

    /** The cluster, if the caller created it or administers its workspace; else 403 (members) or 404. */
    @Transactional(readOnly = true)
    public Cluster requireControl(Caller caller, String workspace, String name) {
        WorkspaceAccess.Access ws = access.requireMember(caller, workspace);
        Cluster cluster = clusters.findNewest(ws.workspace().id(), name).orElseThrow(() -> ServiceException.notFound("cluster", name));
        if (!ws.isAdmin() && !cluster.ownerId().equals(caller.userId())) {
            throw ServiceException.forbidden("Only the cluster's creator and admins of workspace '" + workspace + "' can do this.");
        }
        return cluster;
    }

    /** Growing a cluster passes the admissions (a scale-down never needs to). */
    private void admit(Cluster cluster, int workers) {
        if (workers > cluster.desiredWorkers()) {
            admissions.forEach(a -> a.admitScale(cluster, workers)
                    .forEach(warning -> transitions.event(cluster.id(), "usage", warning)));
        }
    }

    private static Cluster requireActive(Cluster cluster) {
        ClusterState state = cluster.state();
        if (!state.isActive()) {
            throw ServiceException.conflict("cluster_not_running", "Cluster '" + cluster.name() + "' is " + state.id()
                    + (cluster.reason() == null ? "" : " (" + cluster.reason() + ")") + "; it cannot be scaled.");
        }
        return cluster;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[3];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
