package io.flotilla.cluster.engine;

import io.flotilla.audit.AuditEvent;
import io.flotilla.audit.AuditEventRepository;
import io.flotilla.audit.MutationCause;
import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.cluster.ClusterInstanceRepository;
import io.flotilla.cluster.InstanceStatus;
import io.flotilla.identity.UserRepository;
import io.flotilla.provider.InstanceRole;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Why the engine is changing the cloud for a cluster, and for whom. The user comes from the cluster's own record:
 * its creator, or the caller of the newest scale, adapt or stop request, as the service wrote it in the audit log
 * in the same transaction as the request. Everything the engine decides on its own (watchdog stops, failures and
 * their replacements, the orphan sweep) is {@link MutationCause#SYSTEM}'s.
 */
@Singleton
public class MutationCauses {
    /** The cause of everything the orphan sweeper does. */
    public static final String ORPHAN_SWEEP = "orphan sweep";
    static final String CREATE = "cluster.create";
    static final String SCALE = "cluster.scale";
    static final String ADAPT = "cluster.adapt";
    static final String STOP = "cluster.stop";
    private final AuditEventRepository audit;
    private final ClusterInstanceRepository instances;
    private final UserRepository users;

    public MutationCauses(AuditEventRepository audit, ClusterInstanceRepository instances, UserRepository users) {
        this.audit = audit;
        this.instances = instances;
        this.users = users;
    }

    /**
     * Why the instance is launched: the cluster was created (its creator), scaled or adapted (that caller), or an
     * instance failed and is replaced (system).
     */
    public MutationCause launch(Cluster cluster, ClusterInstance row) {
        List<ClusterInstance> rows = instances.findByClusterIdOrderByCreatedAt(cluster.id());
        if (row.role() == InstanceRole.SCHEDULER) {
            boolean replacing = rows.stream().anyMatch(i -> i.role() == InstanceRole.SCHEDULER && !i.id().equals(row.id())
                    && !i.createdAt().isAfter(row.createdAt()));
            return replacing ? MutationCause.system("replacing the scheduler, which exited before it reported") : creator(cluster);
        }
        Optional<AuditEvent> request = latest(cluster, List.of(CREATE, SCALE, ADAPT));
        Instant requestedAt = request.map(AuditEvent::at).orElse(cluster.createdAt());
        Optional<ClusterInstance> failed = rows.stream()
                .filter(i -> i.role() == InstanceRole.WORKER && i.status() == InstanceStatus.STOPPED && i.reason() != null
                        && i.reason().startsWith(Reconciler.FAILED) && i.statusSince().isAfter(requestedAt))
                .max(Comparator.comparing(ClusterInstance::statusSince));
        if (failed.isPresent()) {
            return MutationCause.system("replacing failed " + failed.get().name() + " ("
                    + failed.get().reason().substring(Reconciler.FAILED.length()) + ")");
        }
        if (request.isEmpty() || request.get().action().equals(CREATE)) {
            return request.map(r -> cause(r, "cluster created")).orElseGet(() -> creator(cluster));
        }
        AuditEvent r = request.get();
        return r.action().equals(SCALE) ? cause(r, "scaled to " + cluster.desiredWorkers() + " workers")
                : cause(r, "adaptive scaling " + r.details() + ": the scheduler wants " + cluster.desiredWorkers() + " workers");
    }

    /**
     * Why an instance (or the whole cluster) is stopped: the reason it carries ({@code user request},
     * {@code scaled down}, {@code idle}, {@code heartbeat lost}, {@code failed: …}), on behalf of the caller of the
     * stop or scale request for the first two, of the system for the watchdog's and failures.
     */
    public MutationCause stop(Cluster cluster, String reason) {
        String why = reason == null ? "stopped" : reason;
        if (why.startsWith("user request")) {
            return latest(cluster, List.of(STOP)).map(r -> cause(r, why)).orElse(MutationCause.system(why));
        }
        if (why.equals("scaled down")) {
            return latest(cluster, List.of(SCALE, ADAPT)).map(r -> cause(r, why)).orElse(MutationCause.system(why));
        }
        return MutationCause.system(why);
    }

    /** The orphan sweeper's cause. */
    public static MutationCause sweep() {
        return MutationCause.system(ORPHAN_SWEEP);
    }

    private Optional<AuditEvent> latest(Cluster cluster, List<String> actions) {
        return audit.latestRequest(cluster.workspaceId(), cluster.name(), actions, cluster.createdAt());
    }

    private MutationCause creator(Cluster cluster) {
        return users.findById(cluster.ownerId()).map(u -> MutationCause.user(u.id(), u.username(), "cluster created"))
                .orElse(MutationCause.system("cluster created"));
    }

    private static MutationCause cause(AuditEvent request, String why) {
        return new MutationCause(request.actorId(), request.actorName(), why);
    }
}
