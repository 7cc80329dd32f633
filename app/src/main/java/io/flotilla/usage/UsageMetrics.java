package io.flotilla.usage;

import io.flotilla.identity.Workspace;
import io.flotilla.identity.WorkspaceRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * Usage gauges for {@code /metrics}, per workspace: vCPU- and GPU-hours metered this month
 * ({@code flotilla_usage_vcpu_hours_month}, {@code flotilla_usage_gpu_hours_month}), concurrent cores
 * ({@code flotilla_usage_concurrent_cores}) and each limit that is set ({@code flotilla_usage_limit{limit=...}}).
 * Every replica reads the database every 30 seconds, so all report the same figures.
 */
@Singleton
public class UsageMetrics implements MeterBinder {
    private final Provider<WorkspaceRepository> workspaces;
    private final Provider<Limits> limits;
    private final Provider<UsagePolicies> policies;
    private MultiGauge vcpuHours;
    private MultiGauge gpuHours;
    private MultiGauge cores;
    private MultiGauge limitValues;

    /** Beans are reached lazily: meter binders are applied while the data source itself is being built. */
    public UsageMetrics(Provider<WorkspaceRepository> workspaces, Provider<Limits> limits, Provider<UsagePolicies> policies) {
        this.workspaces = workspaces;
        this.limits = limits;
        this.policies = policies;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        vcpuHours = MultiGauge.builder("flotilla.usage.vcpu.hours.month").description("vCPU-hours metered this month (UTC)").register(registry);
        gpuHours = MultiGauge.builder("flotilla.usage.gpu.hours.month").description("GPU-hours metered this month (UTC)").register(registry);
        cores = MultiGauge.builder("flotilla.usage.concurrent.cores").description("vCPUs the workspace's active clusters hold").register(registry);
        limitValues = MultiGauge.builder("flotilla.usage.limit").description("A workspace limit that is set").register(registry);
    }

    /** Reads every workspace's use and limits into the gauges. */
    @Scheduled(fixedDelay = "30s", initialDelay = "5s")
    @Transactional(readOnly = true)
    public void refresh() {
        if (vcpuHours == null) {
            return;
        }
        List<MultiGauge.Row<?>> vcpu = new ArrayList<>();
        List<MultiGauge.Row<?>> gpu = new ArrayList<>();
        List<MultiGauge.Row<?>> held = new ArrayList<>();
        List<MultiGauge.Row<?>> set = new ArrayList<>();
        for (Workspace workspace : workspaces.get().findAll()) {
            LimitUse use = limits.get().use(workspace.id(), null);
            Tags tags = Tags.of("workspace", workspace.name());
            vcpu.add(MultiGauge.Row.of(tags, use.cpuHoursThisMonth()));
            gpu.add(MultiGauge.Row.of(tags, use.gpuHoursThisMonth()));
            held.add(MultiGauge.Row.of(tags, use.concurrentCores()));
            UsagePolicy policy = policies.get().of(workspace.id());
            add(set, tags, "cpuHoursPerMonth", policy.cpuHoursPerMonth());
            add(set, tags, "gpuHoursPerMonth", policy.gpuHoursPerMonth());
            add(set, tags, "maxConcurrentCores", policy.maxConcurrentCores());
            add(set, tags, "maxClustersPerUser", policy.maxClustersPerUser());
        }
        vcpuHours.register(vcpu, true);
        gpuHours.register(gpu, true);
        cores.register(held, true);
        limitValues.register(set, true);
    }

    private static void add(List<MultiGauge.Row<?>> rows, Tags tags, String limit, Number value) {
        if (value != null) {
            rows.add(MultiGauge.Row.of(tags.and("limit", limit), value.doubleValue()));
        }
    }
}
