package io.flotilla.usage.notices;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.agent.Heartbeat;
import io.flotilla.cluster.agent.HeartbeatObserver;
import io.flotilla.usage.UsagePolicies;
import io.flotilla.usage.UsagePolicy;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Watches the GPU workers of every heartbeat: a worker whose GPU utilisation stays below the workspace's
 * {@code idleGpuThresholdPercent} for {@code idleGpuMinutes} gets one notice per episode ({@link IdleGpuNotices}); the
 * episode ends when its utilisation reaches the threshold again, when it stops reporting GPU use, or when it leaves.
 * Heartbeats without GPU workers cost nothing unless this replica saw an open episode of that cluster.
 */
@Singleton
public class IdleGpuWatch implements HeartbeatObserver {
    private final IdleGpuEpisodes episodes;
    private final UsagePolicies policies;
    private final IdleGpuNotices notices;
    private final Set<UUID> clustersWithEpisodes = ConcurrentHashMap.newKeySet();

    public IdleGpuWatch(IdleGpuEpisodes episodes, UsagePolicies policies, IdleGpuNotices notices) {
        this.episodes = episodes;
        this.policies = policies;
        this.notices = notices;
    }

    @Override
    public List<String> observed(Cluster cluster, Heartbeat beat, Instant at) {
        List<Heartbeat.WorkerInfo> gpuWorkers = beat.workers() == null ? List.of() : beat.workers().stream()
                .filter(w -> w.gpus() != null && w.gpus() > 0 && w.gpuUtilization() != null).toList();
        if (gpuWorkers.isEmpty() && !clustersWithEpisodes.contains(cluster.id())) {
            return List.of();
        }
        UsagePolicy policy = policies.of(cluster.workspaceId());
        Map<String, Heartbeat.WorkerInfo> idle = gpuWorkers.stream()
                .filter(w -> w.gpuUtilization() < policy.idleGpuThresholdPercent())
                .collect(Collectors.toMap(Heartbeat.WorkerInfo::name, w -> w, (a, b) -> a));
        Map<String, IdleGpuEpisodes.Episode> open = episodes.of(cluster.id());
        List<String> ended = new ArrayList<>(open.keySet());
        ended.removeAll(idle.keySet());
        episodes.end(cluster.id(), ended);
        Duration due = Duration.ofMinutes(policy.idleGpuMinutes());
        for (Heartbeat.WorkerInfo worker : idle.values()) {
            IdleGpuEpisodes.Episode episode = open.get(worker.name());
            if (episode == null) {
                episodes.start(cluster.id(), worker.name(), at);
            } else if (episode.notifiedAt() == null && !at.isBefore(episode.idleSince().plus(due))
                    && episodes.markNotified(cluster.id(), worker.name(), at)) {
                notices.idle(cluster, worker, episode.idleSince(), policy, at);
            }
        }
        if (idle.isEmpty()) {
            clustersWithEpisodes.remove(cluster.id());
        } else {
            clustersWithEpisodes.add(cluster.id());
        }
        return List.of();
    }
}
