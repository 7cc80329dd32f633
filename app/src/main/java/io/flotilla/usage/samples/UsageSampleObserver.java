package io.flotilla.usage.samples;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.agent.Heartbeat;
import io.flotilla.cluster.agent.HeartbeatObserver;
import io.flotilla.cluster.agent.HeartbeatReply;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns every accepted heartbeat into a {@link UsageSample} for the {@link SampleBuffer} (no database write on the
 * heartbeat's path), and asks for task prefixes only from workspaces that collect them; prefixes that arrive anyway
 * are dropped, never stored.
 */
@Singleton
public class UsageSampleObserver implements HeartbeatObserver {
    /** Task prefixes kept from one heartbeat at most. */
    static final int MAX_PREFIXES = 200;
    /** Characters of a task prefix kept at most. */
    static final int MAX_PREFIX_LENGTH = 200;
    private static final List<String> COLLECT_PREFIXES = List.of(HeartbeatReply.TASK_PREFIXES);
    private final SampleBuffer buffer;
    private final TaskPrefixSwitch prefixSwitch;
    private final ObjectMapper json;

    public UsageSampleObserver(SampleBuffer buffer, TaskPrefixSwitch prefixSwitch, ObjectMapper json) {
        this.buffer = buffer;
        this.prefixSwitch = prefixSwitch;
        this.json = json;
    }

    @Override
    public List<String> observed(Cluster cluster, Heartbeat beat, Instant at) {
        boolean collect = prefixSwitch.collects(cluster.workspaceId());
        int gpuWorkers = 0;
        int withUtilization = 0;
        double utilization = 0;
        List<Heartbeat.WorkerInfo> workers = beat.workers() == null ? List.of() : beat.workers();
        for (Heartbeat.WorkerInfo worker : workers) {
            if (worker.gpus() != null && worker.gpus() > 0) {
                gpuWorkers++;
                if (worker.gpuUtilization() != null) {
                    withUtilization++;
                    utilization += Math.max(0, Math.min(100, worker.gpuUtilization()));
                }
            }
        }
        buffer.add(new UsageSample(cluster.id(), cluster.workspaceId(), at.truncatedTo(ChronoUnit.MICROS), workers.size(),
                Math.max(0, beat.nThreads()), Math.max(0, beat.memory()), Math.max(0, beat.tasksProcessing()),
                gpuWorkers, withUtilization == 0 ? null : utilization / withUtilization,
                collect ? prefixesJson(beat.taskPrefixes()) : null));
        return collect ? COLLECT_PREFIXES : List.of();
    }

    private String prefixesJson(Map<String, Integer> prefixes) {
        if (prefixes == null || prefixes.isEmpty()) {
            return null;
        }
        Map<String, Integer> kept = new TreeMap<>();
        for (Map.Entry<String, Integer> entry : prefixes.entrySet()) {
            if (kept.size() == MAX_PREFIXES) {
                break;
            }
            if (entry.getKey() != null && entry.getValue() != null && entry.getValue() > 0) {
                String name = entry.getKey();
                kept.merge(name.length() > MAX_PREFIX_LENGTH ? name.substring(0, MAX_PREFIX_LENGTH) : name,
                        entry.getValue(), Integer::sum);
            }
        }
        try {
            return kept.isEmpty() ? null : json.writeValueAsString(kept);
        } catch (IOException e) {
            return null;
        }
    }
}
