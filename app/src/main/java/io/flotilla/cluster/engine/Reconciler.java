package io.flotilla.cluster.engine;

import io.flotilla.cluster.ClusterSpecView;
import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.cluster.ClusterSettings;
import io.flotilla.cluster.ClusterStatus;
import io.flotilla.cluster.ClusterTarget;
import io.flotilla.cluster.InstanceStatus;
import io.flotilla.provider.InstanceRole;
import io.flotilla.provider.InstanceState;
import io.flotilla.provider.ObservedInstance;
import io.flotilla.provider.ResourceTags;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides, without side effects, what to do next for one cluster: compares the rows (desired) with what
 * the provider reports by tag (observed) and the scheduler's last heartbeat, and returns a plan.
 */
public final class Reconciler {
    /** Prefix of the reason of anything that ended by failure. */
    public static final String FAILED = "failed: ";
    /** A scheduler that dies before it reports (its VM failed to boot, its bootstrap answer was lost) is replaced once. */
    static final int MAX_SCHEDULER_ATTEMPTS = 2;
    private final ClusterSettings settings;

    public Reconciler(ClusterSettings settings) {
        this.settings = settings;
    }

    public List<Action> plan(ClusterSnapshot s) {
        Cluster c = s.cluster();
        if (c.status().isTerminal()) {
            return List.of();
        }
        List<Action> plan = new ArrayList<>();
        Map<String, ObservedInstance> observed = s.observed().stream()
                .filter(o -> o.tags().containsKey(ResourceTags.INSTANCE))
                .collect(Collectors.toMap(o -> o.tags().get(ResourceTags.INSTANCE), Function.identity(), (a, b) -> a));
        List<ClusterInstance> live = s.instances().stream().filter(i -> i.status().isLive()).toList();
        boolean stopping = c.target() == ClusterTarget.STOPPED || c.status() == ClusterStatus.STOPPING;
        Optional<ClusterInstance> scheduler = live.stream().filter(i -> i.role() == InstanceRole.SCHEDULER).findFirst();
        for (ClusterInstance row : live) {
            instanceHygiene(row, observed.get(row.id().toString()), stopping, scheduler.isEmpty(), s.now(), c, plan);
        }
        if (stopping) {
            stop(c, live, plan);
            return plan;
        }
        switch (c.status()) {
            case PENDING -> plan.add(new Action.StartProvisioning());
            case STARTING -> starting(s, scheduler, live, plan);
            case RUNNING -> running(s, scheduler, live, plan);
            default -> { }
        }
        return plan;
    }

    private void instanceHygiene(ClusterInstance row, ObservedInstance seen, boolean stopping, boolean schedulerGone,
                                 Instant now, Cluster c, List<Action> plan) {
        boolean alive = seen != null && seen.state() != InstanceState.TERMINATED;
        boolean wanted = row.target() == ClusterTarget.RUNNING && !stopping;
        if (row.providerInstanceId() == null) {
            if (alive) {
                plan.add(new Action.Checkpoint(row.id(), seen.instanceId(), seen.privateAddress()));
            } else if (wanted) {
                plan.add(new Action.Launch(row.id()));
            } else {
                plan.add(new Action.InstanceGone(row.id(), "stopped before it was launched"));
            }
            return;
        }
        if (!alive) {
            String why = !wanted ? "stopped" : seen != null && seen.interrupted() ? seen.stopReason()
                    : FAILED + row.name() + " exited unexpectedly";
            plan.add(new Action.InstanceGone(row.id(), why));
            return;
        }
        if (!wanted) {
            boolean graceOver = row.statusSince().plus(settings.getStopGrace()).isBefore(now)
                    || c.statusSince().plus(settings.getStopGrace()).isBefore(now) && stopping;
            boolean notServing = row.status() != InstanceStatus.READY && row.status() != InstanceStatus.STOPPING;
            boolean workerOrphaned = row.role() == InstanceRole.WORKER && stopping && schedulerGone;
            if (notServing || graceOver || workerOrphaned) {
                plan.add(new Action.Terminate(row.id(), row.providerInstanceId(), stopReason(row, c)));
            }
            return;
        }
        if (row.role() == InstanceRole.WORKER && row.status() == InstanceStatus.LAUNCHED
                && row.statusSince().plus(settings.getWorkerStartTimeout()).isBefore(now)) {
            plan.add(new Action.Terminate(row.id(), row.providerInstanceId(),
                    FAILED + row.name() + " did not join the scheduler within " + human(settings.getWorkerStartTimeout())));
        }
    }

    /**
     * Workers are launched together with the scheduler, as a cloud boots VMs in parallel; their agents
     * wait (bootstrap answers 503 with Retry-After) until the scheduler has reported its address.
     */
    private void starting(ClusterSnapshot s, Optional<ClusterInstance> scheduler, List<ClusterInstance> live, List<Action> plan) {
        Cluster c = s.cluster();
        if (scheduler.isEmpty()) {
            long attempts = s.instances().stream().filter(i -> i.role() == InstanceRole.SCHEDULER).count();
            if (attempts >= MAX_SCHEDULER_ATTEMPTS) {
                plan.add(new Action.RequestStop(FAILED + "the scheduler exited before it reported ("
                        + attempts + " attempts); see the scheduler log"));
                return;
            }
            plan.add(new Action.CreateInstance(InstanceRole.SCHEDULER));
        } else if (c.lastHeartbeatAt() != null) {
            plan.add(new Action.MarkRunning());
            return;
        } else if (c.statusSince().plus(settings.getSchedulerStartTimeout()).isBefore(s.now())) {
            plan.add(new Action.RequestStop(FAILED + "the scheduler did not report within "
                    + human(settings.getSchedulerStartTimeout()) + "; see the scheduler log"));
            return;
        }
        if (plan.stream().noneMatch(a -> a instanceof Action.RequestStop)) {
            matchWorkerCount(c, live, plan);
        }
    }

    private void running(ClusterSnapshot s, Optional<ClusterInstance> scheduler, List<ClusterInstance> live, List<Action> plan) {
        Cluster c = s.cluster();
        Optional<String> why = watchdog(c, scheduler.isPresent(), s.now());
        if (why.isPresent()) {
            plan.add(new Action.RequestStop(why.get()));
            return;
        }
        List<ClusterInstance> failedWorkers = s.instances().stream()
                .filter(i -> i.role() == InstanceRole.WORKER && i.reason() != null && i.reason().startsWith(FAILED)).toList();
        if (failedWorkers.size() >= settings.getMaxWorkerFailures()) {
            plan.add(new Action.RequestStop(FAILED + failedWorkers.size() + " workers failed; the last: "
                    + failedWorkers.get(failedWorkers.size() - 1).reason().substring(FAILED.length())));
            return;
        }
        matchWorkerCount(c, live, plan);
    }

    /** Creates or retires workers so that as many are wanted as the cluster's desired count. */
    private static void matchWorkerCount(Cluster c, List<ClusterInstance> live, List<Action> plan) {
        List<ClusterInstance> workers = live.stream()
                .filter(i -> i.role() == InstanceRole.WORKER && i.target() == ClusterTarget.RUNNING).toList();
        int missing = c.desiredWorkers() - workers.size();
        for (int i = 0; i < missing; i++) {
            plan.add(new Action.CreateInstance(InstanceRole.WORKER));
        }
        if (missing < 0) {
            workers.stream()
                    .sorted(Comparator.comparing((ClusterInstance w) -> w.status() == InstanceStatus.READY)
                            .thenComparing(ClusterInstance::createdAt, Comparator.reverseOrder()))
                    .limit(-missing)
                    .forEach(w -> plan.add(new Action.Retire(w.id(), "scaled down")));
        }
    }

    /** Why a running cluster must stop now, if it must. */
    Optional<String> watchdog(Cluster c, boolean schedulerAlive, Instant now) {
        io.flotilla.cluster.ClusterSpec spec = ClusterSpecView.of(c);
        if (!schedulerAlive || c.lastHeartbeatAt() == null
                || c.lastHeartbeatAt().plus(settings.getHeartbeatTimeout()).isBefore(now)) {
            return Optional.of("heartbeat lost");
        }
        if (spec.maxLifetimeSeconds() != null && c.createdAt().plusSeconds(spec.maxLifetimeSeconds()).isBefore(now)) {
            return Optional.of("max lifetime");
        }
        if (c.idleSince() != null && c.idleSince().plusSeconds(spec.idleTimeoutSeconds()).isBefore(now)) {
            return Optional.of("idle");
        }
        Instant lonelySince = c.lastClientLeftAt() != null ? c.lastClientLeftAt() : c.readyAt();
        if (c.nClients() == 0 && lonelySince != null && lonelySince.plusSeconds(spec.noClientTimeoutSeconds()).isBefore(now)) {
            return Optional.of("no client");
        }
        return Optional.empty();
    }

    private static void stop(Cluster c, List<ClusterInstance> live, List<Action> plan) {
        if (c.status() != ClusterStatus.STOPPING) {
            plan.add(new Action.BeginStopping());
        }
        live.stream().filter(i -> i.target() == ClusterTarget.RUNNING)
                .forEach(i -> plan.add(new Action.Retire(i.id(), c.reason() == null ? "stopped" : c.reason())));
        if (live.isEmpty()) {
            boolean failed = c.reason() != null && c.reason().startsWith(FAILED);
            plan.add(new Action.Finish(failed ? ClusterStatus.FAILED : ClusterStatus.STOPPED));
        }
    }

    /** Why an unwanted instance stops: its own reason (retired), else its cluster's (being stopped), else "stopped". */
    private static String stopReason(ClusterInstance row, Cluster c) {
        if (row.target() == ClusterTarget.STOPPED && row.reason() != null) {
            return row.reason();
        }
        return c.reason() != null ? c.reason() : "stopped";
    }

    static String human(Duration d) {
        return d.toSeconds() % 60 == 0 && d.toSeconds() >= 60 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }
}
