package io.flotilla.cluster.engine;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstanceRepository;
import io.flotilla.cluster.ClusterRepository;
import io.flotilla.cluster.ClusterSettings;
import io.flotilla.provider.ApplianceId;
import io.flotilla.provider.ObservedInstance;
import io.flotilla.provider.ProviderRegistry;
import io.flotilla.provider.ResourceTags;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.provider.ComputeProvider;
import io.flotilla.provider.InstanceState;
import java.util.ArrayList;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.List;
import java.util.Map;

/** One pass over every active cluster: observe by tag, plan, apply. Run by the {@link TaskRunner}. */
@Singleton
public class ReconcileLoop {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileLoop.class);
    /** Passes over one cluster per run; the next run continues where a long chain of steps stopped. */
    static final int MAX_PASSES = 4;
    private final ClusterRepository clusters;
    private final ClusterInstanceRepository instances;
    private final ProviderRegistry providers;
    private final PlanExecutor executor;
    private final ApplianceId applianceId;
    private final Reconciler reconciler;
    private final Clock clock;

    public ReconcileLoop(ClusterRepository clusters, ClusterInstanceRepository instances, ProviderRegistry providers,
                         PlanExecutor executor, ApplianceId applianceId, ClusterSettings settings, Clock clock) {
        this.clusters = clusters;
        this.instances = instances;
        this.providers = providers;
        this.executor = executor;
        this.applianceId = applianceId;
        this.reconciler = new Reconciler(settings);
        this.clock = clock;
    }

    public void reconcileAll() {
        for (Cluster listed : clusters.findAllActive()) {
            try {
                reconcile(listed);
            } catch (RuntimeException e) {
                LOG.warn("Reconciling cluster {} failed; will retry: {}", listed.id(), e.getMessage(), e);
            }
        }
    }

    /**
     * Observes, plans and applies for one cluster, again while the plan moves it on (a new row is
     * launched in the same pass that wrote it), at most {@link #MAX_PASSES} times.
     */
    public void reconcile(Cluster listed) {
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            Cluster cluster = clusters.findById(listed.id()).orElseThrow();
            ComputeProvider provider = providers.forAccount(cluster.provider(), cluster.cloudAccountId());
            List<ObservedInstance> observed = provider.list(Map.of(
                    ResourceTags.APPLIANCE, applianceId.value(), ResourceTags.CLUSTER, cluster.id().toString()));
            List<ClusterInstance> rows = instances.findByClusterIdOrderByCreatedAt(cluster.id());
            List<Action> plan = reconciler.plan(new ClusterSnapshot(cluster, rows,
                    withInterruptions(provider, rows, observed), clock.instant()));
            if (plan.isEmpty()) {
                return;
            }
            LOG.debug("Cluster {} plan: {}", cluster.id(), plan);
            executor.apply(cluster, plan);
        }
    }

    /**
     * What the provider observed, plus a terminated entry with the cloud's reason for each live instance it no
     * longer lists but says it took away itself (a preempted Spot VM deleted by the cloud).
     */
    private List<ObservedInstance> withInterruptions(ComputeProvider provider, List<ClusterInstance> rows,
                                                     List<ObservedInstance> observed) {
        var interruptions = provider.interruptions();
        if (interruptions.isEmpty()) {
            return observed;
        }
        Set<String> listed = observed.stream().map(ObservedInstance::instanceId).collect(Collectors.toSet());
        Map<String, ClusterInstance> vanished = rows.stream()
                .filter(row -> row.status().isLive() && row.providerInstanceId() != null && !listed.contains(row.providerInstanceId()))
                .collect(Collectors.toMap(ClusterInstance::providerInstanceId, row -> row, (a, b) -> a));
        if (vanished.isEmpty()) {
            return observed;
        }
        List<ObservedInstance> all = new ArrayList<>(observed);
        interruptions.get().interrupted(vanished.keySet()).forEach((id, reason) -> {
            ClusterInstance row = vanished.get(id);
            all.add(new ObservedInstance(id, row.name(), row.role(), Map.of(ResourceTags.INSTANCE, row.id().toString()),
                    InstanceState.TERMINATED, row.createdAt(), row.address(), reason));
        });
        return all;
    }
}
