package io.flotilla.cluster.agent;

import io.flotilla.cluster.AdaptiveTiming;
import io.flotilla.cluster.AdaptiveTimingRepository;
import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.cluster.ClusterAdmission;
import io.flotilla.cluster.ClusterChanged;
import io.flotilla.cluster.ClusterInstanceRepository;
import io.flotilla.cluster.ClusterRepository;
import io.flotilla.cluster.ClusterTarget;
import io.flotilla.cluster.InstanceStatus;
import io.flotilla.cluster.engine.InstanceTransitions;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.TokenCodec;
import io.flotilla.provider.InstanceRole;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Receives the scheduler plugin's heartbeat (authenticated by the cluster's own token, which reaches
 * only its own cluster), records what it reports, and answers with the control plane's wishes.
 */
@Singleton
public class HeartbeatService {
    private final ClusterRepository clusters;
    private final ClusterInstanceRepository instances;
    private final InstanceTransitions instanceTransitions;
    private final ObjectMapper json;
    private final ApplicationEventPublisher<ClusterChanged> changes;
    private final List<HeartbeatObserver> observers;
    private final List<ClusterAdmission> admissions;
    private final Clock clock;
    private final AdaptiveTimingRepository adaptiveTimings;

    public HeartbeatService(ClusterRepository clusters, ClusterInstanceRepository instances,
                            InstanceTransitions instanceTransitions, ObjectMapper json,
                            ApplicationEventPublisher<ClusterChanged> changes, List<HeartbeatObserver> observers,
                            List<ClusterAdmission> admissions, Clock clock, AdaptiveTimingRepository adaptiveTimings) {
        this.adaptiveTimings = adaptiveTimings;
        this.clusters = clusters;
        this.instances = instances;
        this.instanceTransitions = instanceTransitions;
        this.json = json;
        this.changes = changes;
        this.observers = List.copyOf(observers);
        this.admissions = List.copyOf(admissions);
        this.clock = clock;
    }

    @Transactional
    public HeartbeatReply receive(String clusterToken, Heartbeat beat) {
        Cluster cluster = clusters.lockByClusterTokenHash(TokenCodec.sha256(clusterToken == null ? "" : clusterToken))
                .orElseThrow(() -> new ServiceException(ServiceException.Kind.UNAUTHENTICATED, "cluster_token_refused",
                        "This cluster token is unknown or was replaced.", Map.of()));
        if (cluster.status().isTerminal()) {
            return new HeartbeatReply(0, null, List.of(), true, cluster.reason());
        }
        Instant now = clock.instant();
        List<Heartbeat.WorkerInfo> workers = beat.workers() == null ? List.of() : beat.workers();
        Integer adaptiveTarget = beat.adaptiveTarget();
        Cluster updated = cluster.withHeartbeat(now, beat.schedulerAddress(), beat.dashboardUrl(), workers.size(),
                beat.idleSince(), Math.max(0, beat.nClients()), beat.lastClientLeftAt(), adaptiveTarget, versions(beat));
        if (updated.adaptive() && adaptiveTarget != null) {
            int clamped = Math.max(updated.adaptMinimum(), Math.min(updated.adaptMaximum(), adaptiveTarget));
            for (ClusterAdmission admission : admissions) {
                if (clamped > updated.desiredWorkers()) {
                    clamped = Math.max(updated.desiredWorkers(), admission.allowedWorkers(updated, clamped));
                }
            }
            updated = updated.withScale(clamped, updated.adaptMinimum(), updated.adaptMaximum());
        }
        clusters.update(updated);
        Set<String> collect = new java.util.TreeSet<>();
        for (HeartbeatObserver observer : observers) {
            collect.addAll(observer.observed(updated, beat, now));
        }
        if (cluster.lastHeartbeatAt() == null || updated.desiredWorkers() != cluster.desiredWorkers()) {
            changes.publishEvent(new ClusterChanged(cluster.id()));
        }
        Set<String> present = workers.stream().map(Heartbeat.WorkerInfo::name).collect(Collectors.toSet());
        List<String> retire = new java.util.ArrayList<>();
        for (ClusterInstance row : instances.findByClusterIdOrderByCreatedAt(cluster.id())) {
            if (!row.status().isLive()) {
                continue;
            }
            boolean reported = row.role() == InstanceRole.SCHEDULER || present.contains(row.name());
            if (reported && row.status() == InstanceStatus.LAUNCHED) {
                instanceTransitions.markSeen(row.id()); // re-checked under the row's lock: a retire may have come first
            }
            if (row.role() == InstanceRole.WORKER && row.target() == ClusterTarget.STOPPED && present.contains(row.name())) {
                retire.add(row.name());
            }
        }
        boolean shutdown = updated.target() == ClusterTarget.STOPPED;
        HeartbeatReply.Adaptive adaptive = updated.adaptive() ? adaptive(updated) : null;
        return new HeartbeatReply(updated.desiredWorkers(), adaptive, retire, shutdown, shutdown ? updated.reason() : null,
                List.copyOf(collect));
    }

    private HeartbeatReply.Adaptive adaptive(Cluster cluster) {
        AdaptiveTiming timing = adaptiveTimings.findById(cluster.id()).orElse(AdaptiveTiming.defaults(cluster.id()));
        return new HeartbeatReply.Adaptive(cluster.adaptMinimum(), cluster.adaptMaximum(),
                AdaptiveTiming.dask(timing.intervalMillis()), AdaptiveTiming.dask(timing.targetDurationMillis()), timing.waitCount());
    }

    private String versions(Heartbeat beat) {
        if (beat.versions() == null) {
            return null;
        }
        try {
            String text = json.writeValueAsString(beat.versions());
            return text.length() > 512 ? text.substring(0, 512) : text;
        } catch (IOException e) {
            return null;
        }
    }
}
