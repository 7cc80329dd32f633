package io.flotilla.cluster.engine;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import io.flotilla.cluster.ClusterSettings;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;

/**
 * The durable task runner (db-scheduler on PostgreSQL). Recurring tasks run on exactly one replica at
 * a time, so the reconciler and the sweeper are safe with several appliance replicas; a restart loses
 * nothing because the state they work from is in the database.
 */
@Singleton
@Requires(property = "flotilla.tasks.enabled", notEquals = "false")
public class TaskRunner {
    private final Scheduler scheduler;

    public TaskRunner(DataSource dataSource, ReconcileLoop reconcile, OrphanSweeper sweeper, ClusterSettings settings) {
        RecurringTask<Void> reconcileTask = Tasks.recurring("cluster-reconcile", Schedules.fixedDelay(settings.getReconcileInterval()))
                .execute((instance, context) -> reconcile.reconcileAll());
        RecurringTask<Void> sweepTask = Tasks.recurring("orphan-sweep", Schedules.fixedDelay(Duration.ofSeconds(15)))
                .execute((instance, context) -> sweeper.sweep());
        this.scheduler = Scheduler.create(DelegatingDataSource.unwrapDataSource(dataSource), List.of())
                .startTasks(reconcileTask, sweepTask)
                .pollingInterval(Duration.ofMillis(Math.max(200, settings.getReconcileInterval().toMillis() / 2)))
                .heartbeatInterval(Duration.ofSeconds(10))
                .threads(4)
                .build();
    }

    @EventListener
    void onStartup(StartupEvent event) {
        scheduler.start();
    }

    @EventListener
    void onShutdown(ShutdownEvent event) {
        scheduler.stop();
    }
}
