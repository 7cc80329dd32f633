package io.flotilla.provider.local;

import io.flotilla.error.ServiceException;
import io.flotilla.provider.CloudMutations;
import io.flotilla.provider.ClusterResourceCleanup;
import io.flotilla.provider.InterruptionReasons;
import io.flotilla.provider.LeftoverResources;
import io.flotilla.provider.ComputeProvider;
import io.flotilla.provider.InstanceShape;
import io.flotilla.provider.InstanceSize;
import io.flotilla.provider.InstanceState;
import io.flotilla.provider.LaunchRequest;
import io.flotilla.provider.LaunchedInstance;
import io.flotilla.provider.ObservedInstance;
import io.flotilla.provider.ProviderCapabilities;
import io.flotilla.provider.ResourceTags;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs cluster instances as detached process groups on this machine (see {@link LocalProcessLauncher}),
 * remembered in a file registry ({@link LocalInstanceRegistry}). State comes from the processes themselves:
 * the agent alive is RUNNING (STOPPING once termination was asked for); the agent gone but processes of its
 * group left behind is STOPPING (terminate ends them); nothing left is TERMINATED.
 * When {@link LocalIsolation} isolates them, each cluster's instances run as that cluster's own uid.
 * Each agent started and each process group signalled is reported to the call's {@link CloudMutations}.
 * Enabled when a {@link LocalPythonRuntime} bean exists.
 */
@Singleton
@Requires(beans = LocalPythonRuntime.class)
public class LocalComputeProvider implements ComputeProvider {
    public static final String ID = "local";

    private final LocalInstanceRegistry registry;
    private final LocalProviderConfig config;
    private final LocalPythonRuntime runtime;
    private final LocalTerminator terminator;
    private final LocalIsolation isolation;
    private final Clock clock;
    /** Instances seen with no process left: a process group never comes back, so they need no more looks at /proc. */
    private final Set<String> ended = ConcurrentHashMap.newKeySet();

    public LocalComputeProvider(LocalInstancePaths paths, LocalProviderConfig config, LocalPythonRuntime runtime,
                                LocalIsolation isolation, Clock clock, JsonMapper json) {
        this.registry = new LocalInstanceRegistry(paths, json);
        this.isolation = isolation;
        this.config = config;
        this.runtime = runtime;
        this.clock = clock;
        this.terminator = new LocalTerminator(config.getTerminateGrace());
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return new ProviderCapabilities(false, false, true, false);
    }

    @Override
    public synchronized LaunchedInstance launch(LaunchRequest request, CloudMutations mutations) {
        Objects.requireNonNull(request.idempotencyKey(), "idempotencyKey");
        Objects.requireNonNull(request.role(), "role");
        Objects.requireNonNull(request.boot(), "boot");
        LocalInstanceRecord record = registry.findByIdempotencyKey(request.idempotencyKey()).orElse(null);
        if (record == null) {
            Map<String, String> tags = new TreeMap<>(request.tags() == null ? Map.of() : request.tags());
            tags.putIfAbsent(ResourceTags.ROLE, ResourceTags.roleValue(request.role()));
            tags.putIfAbsent(ResourceTags.INSTANCE, request.instanceName());
            record = new LocalInstanceRecord(LocalInstancePaths.newInstanceId(), request.instanceName(),
                    request.role(), tags, request.idempotencyKey(), config.getHost(), clock.instant(),
                    null, null, null, null, null);
            registry.save(record);
        }
        if (record.pid() == null && record.terminatedAt() == null) {
            record = startAgent(record, request, mutations);
        }
        return new LaunchedInstance(record.instanceId(), record.instanceName(), record.privateAddress(), shape(request.size()));
    }

    /**
     * A local instance is metered with what it was given: the asked vCPUs (a worker runs that many threads, one when
     * none were asked) and memory limit.
     */
    static InstanceShape shape(InstanceSize size) {
        int cpu = size == null || size.cpu() == null ? 1 : size.cpu();
        return new InstanceShape(InstanceShape.LOCAL_TYPE, InstanceShape.LOCAL_TYPE, InstanceShape.LOCAL_TYPE, cpu,
                size == null ? null : size.memoryBytes(), 0);
    }

    @Override
    public void terminate(Collection<String> instanceIds, CloudMutations mutations) {
        Map<LocalProcessGroup, LocalInstanceRecord> groups = new java.util.LinkedHashMap<>();
        synchronized (this) {
            instanceIds.stream().distinct()
                    .map(registry::find)
                    .flatMap(java.util.Optional::stream)
                    .map(this::markTerminated)
                    .filter(record -> record.pid() != null)
                    .forEach(record -> groups.put(new LocalProcessGroup(record.pid(), record.processStart()), record));
        }
        LocalTerminator.Outcome outcome = terminator.terminate(List.copyOf(groups.keySet()));
        outcome.terminated().forEach(group -> mutations.report("process", "terminate",
                "SIGTERM to the process group of " + groups.get(group).instanceName(), ids(groups.get(group))));
        outcome.killed().forEach(group -> mutations.report("process", "kill",
                "SIGKILL after " + config.getTerminateGrace().toSeconds() + " s grace to " + groups.get(group).instanceName(),
                ids(groups.get(group))));
    }

    /** An instance's ids as the audit log shows them: the instance id and its process group. */
    private static List<String> ids(LocalInstanceRecord record) {
        return List.of(record.instanceId(), "pid " + record.pid());
    }

    /** Local instances hold nothing besides their processes and directories. */
    @Override
    public Optional<ClusterResourceCleanup> cleanup() {
        return Optional.empty();
    }

    /** No interruptions here: local processes are not taken away by a cloud. */
    @Override
    public Optional<InterruptionReasons> interruptions() {
        return Optional.empty();
    }

    @Override
    public Optional<LeftoverResources> leftovers() {
        return Optional.empty();
    }

    @Override
    public List<ObservedInstance> list(Map<String, String> tagFilter) {
        Map<String, String> filter = tagFilter == null ? Map.of() : tagFilter;
        return registry.all().stream()
                .filter(record -> ResourceTags.matches(record.tags(), filter))
                .map(record -> new ObservedInstance(record.instanceId(), record.instanceName(), record.role(),
                        Map.copyOf(record.tags()), stateOf(record), record.launchedAt(), record.privateAddress()))
                .toList();
    }

    /**
     * Removes instances that ended (termination asked for, or first seen without processes) before {@code cutoff}:
     * their directory (logs, key files) and their registry entry. Returns the removed instance ids.
     */
    public synchronized List<String> removeEndedBefore(Instant cutoff) {
        List<String> removed = new java.util.ArrayList<>();
        for (LocalInstanceRecord record : registry.all()) {
            if (record.terminatedAt() != null && record.terminatedAt().isBefore(cutoff)
                    && stateOf(record) == InstanceState.TERMINATED) {
                registry.remove(record.instanceId());
                ended.remove(record.instanceId());
                removed.add(record.instanceId());
            }
        }
        return removed;
    }

    private InstanceState stateOf(LocalInstanceRecord record) {
        if (ended.contains(record.instanceId())) {
            return InstanceState.TERMINATED;
        }
        if (record.pid() == null) {
            return record.terminatedAt() == null ? InstanceState.PENDING : InstanceState.TERMINATED;
        }
        LocalProcessGroup group = new LocalProcessGroup(record.pid(), record.processStart());
        if (group.leaderAlive()) {
            return record.terminatedAt() == null ? InstanceState.RUNNING : InstanceState.STOPPING;
        }
        if (group.anyAlive()) {
            return InstanceState.STOPPING;
        }
        if (record.terminatedAt() == null) {
            registry.save(record.terminated(clock.instant())); // it ended on its own: when the log retention starts
        }
        ended.add(record.instanceId());
        return InstanceState.TERMINATED;
    }

    private LocalInstanceRecord startAgent(LocalInstanceRecord record, LaunchRequest request, CloudMutations mutations) {
        Path python = request.software() != null && "venv".equals(request.software().kind())
                ? Path.of(request.software().reference()) : runtime.python();
        if (python == null || !Files.isExecutable(python)) {
            registry.save(record.terminated(clock.instant()));
            throw ServiceException.unavailable("local_runtime_missing",
                    "The local Python runtime is not available at " + python + ".", null);
        }
        InstanceIdentity identity;
        Path dir;
        try {
            identity = isolation.identityFor(record.instanceId(), record.tags(), registry.all());
            record = record.runningAs(identity);
            registry.save(record);
            dir = registry.createInstanceDir(record.instanceId(), identity);
            if (identity != null) {
                isolation.checkCanRun(identity, python, dir);
            }
        } catch (RuntimeException e) {
            registry.save(record.terminated(clock.instant()));
            throw e instanceof ServiceException se ? se : ServiceException.unavailable("local_launch_failed",
                    "Could not prepare local instance " + record.instanceName() + ": " + e.getMessage(), e);
        }
        try {
            LocalProcessLauncher.Started started = LocalProcessLauncher.start(python, dir, agentEnv(record, request, dir),
                    identity);
            LocalInstanceRecord running = record.started(started.pid(), started.start());
            registry.save(running);
            mutations.report("process", "start", "agent of " + record.instanceName() + " in " + dir, ids(running));
            return running;
        } catch (IOException e) {
            registry.save(record.terminated(clock.instant()));
            throw ServiceException.unavailable("local_launch_failed",
                    "Could not start local instance " + record.instanceName() + ": " + e.getMessage(), e);
        }
    }

    private LocalInstanceRecord markTerminated(LocalInstanceRecord record) {
        if (record.terminatedAt() != null) {
            return record;
        }
        LocalInstanceRecord terminated = record.terminated(clock.instant());
        registry.save(terminated);
        return terminated;
    }

    /**
     * What the agent finds in its environment; the token travels here, never on the command line. Each instance
     * keeps its key files and Dask configuration in its own directory (instances share the machine, unlike VMs).
     */
    private static Map<String, String> agentEnv(LocalInstanceRecord record, LaunchRequest request, Path dir) {
        Map<String, String> env = new HashMap<>();
        env.put("FLOTILLA_AGENT_WORKDIR", dir.resolve(LocalInstancePaths.AGENT_WORKDIR).toString());
        env.put("FLOTILLA_AGENT_URL", request.boot().applianceUrl());
        env.put("FLOTILLA_AGENT_TOKEN", request.boot().bootstrapToken());
        if (request.boot().tlsFingerprint() != null) {
            env.put("FLOTILLA_AGENT_FINGERPRINT", request.boot().tlsFingerprint()); // the agent pins the appliance's certificate
        }
        env.put("FLOTILLA_INSTANCE_ID", record.instanceId());
        env.put("PYTHONUNBUFFERED", "1");
        if (request.size() != null && request.size().cpu() != null) {
            env.put("FLOTILLA_INSTANCE_CPU", request.size().cpu().toString());
        }
        if (request.size() != null && request.size().memoryBytes() != null) {
            env.put("FLOTILLA_INSTANCE_MEMORY_BYTES", request.size().memoryBytes().toString());
        }
        return env;
    }
}
