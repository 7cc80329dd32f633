package io.flotilla.cluster.engine;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import io.flotilla.cluster.ClusterChanged;
import io.flotilla.cluster.ClusterSettings;
import io.flotilla.environment.BuildRunner;
import io.flotilla.environment.EnvironmentBuildFinished;
import io.flotilla.environment.EnvironmentBuildQueued;
import io.flotilla.tasks.PeriodicJob;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.annotation.TransactionalEventListener;
import jakarta.inject.Singleton;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The durable task runner (db-scheduler on PostgreSQL). Recurring tasks run on exactly one replica at
 * a time, so the reconciler and the sweeper are safe with several appliance replicas; a restart loses
 * nothing because the state they work from is in the database. The "environment-builds" task claims software
 * environment builds ({@link BuildRunner}): each build is claimed by one replica with SKIP LOCKED and run on a thread
 * of that replica, so several replicas build at once.
 */
@Singleton
@Requires(property = "flotilla.tasks.enabled", notEquals = "false")
public class TaskRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);
    private final Scheduler scheduler;
    private final RecurringTask<Void> reconcileTask;
    private final RecurringTask<Void> buildsTask;

    public TaskRunner(DataSource dataSource, ReconcileLoop reconcile, OrphanSweeper sweeper, ClusterSettings settings,
                      BuildRunner builds, List<PeriodicJob> jobs) {
        this.reconcileTask = Tasks.recurring("cluster-reconcile", Schedules.fixedDelay(settings.getReconcileInterval()))
                .execute((instance, context) -> reconcile.reconcileAll());
        RecurringTask<Void> sweepTask = Tasks.recurring("orphan-sweep", Schedules.fixedDelay(Duration.ofSeconds(15)))
                .execute((instance, context) -> sweeper.sweep());
        this.buildsTask = Tasks.recurring("environment-builds", Schedules.fixedDelay(Duration.ofSeconds(2)))
                .execute((instance, context) -> builds.runAvailable());
        List<RecurringTask<Void>> recurring = new java.util.ArrayList<>(List.of(reconcileTask, sweepTask, buildsTask));
        jobs.forEach(job -> recurring.add(Tasks.recurring(job.name(), Schedules.fixedDelay(job.interval()))
                .execute((instance, context) -> job.run())));
        this.scheduler = Scheduler.create(DelegatingDataSource.unwrapDataSource(dataSource), List.of())
                .startTasks(recurring)
                .pollingInterval(Duration.ofMillis(Math.max(200, settings.getReconcileInterval().toMillis() / 2)))
                .heartbeatInterval(Duration.ofSeconds(10))
                .threads(4)
                .build();
    }

    @EventListener
    void onStartup(StartupEvent event) {
        scheduler.start();
    }

    /**
     * Runs the reconcile pass now (on whichever replica picks it up), once the change that asked for it
     * is committed. If a pass is running right now, the next one follows at its usual interval.
     */
    @TransactionalEventListener(TransactionalEventListener.TransactionPhase.AFTER_COMMIT)
    void onClusterChanged(ClusterChanged event) {
        reconcileSoon(event.clusterId());
    }

    /** A build the named clusters wait for has finished: their next reconcile pass comes now, as for a change. */
    @TransactionalEventListener(TransactionalEventListener.TransactionPhase.AFTER_COMMIT)
    void onEnvironmentBuildFinished(EnvironmentBuildFinished event) {
        reconcileSoon(event.waitingClusterIds().get(0));
    }

    private void reconcileSoon(java.util.UUID clusterId) {
        try {
            if (scheduler.reschedule(reconcileTask.getDefaultTaskInstance(), Instant.now())) {
                scheduler.triggerCheckForDueExecutions();
            }
        } catch (TaskInstanceCurrentlyExecutingException running) {
            // a pass is running right now; the next one starts within the reconcile interval
        } catch (RuntimeException e) {
            LOG.debug("Could not bring the reconcile pass forward for cluster {}: {}", clusterId, e.getMessage());
        }
    }

    /** Claims a queued build now, once the transaction that queued it is committed. */
    @TransactionalEventListener(TransactionalEventListener.TransactionPhase.AFTER_COMMIT)
    void onBuildQueued(EnvironmentBuildQueued event) {
        try {
            if (scheduler.reschedule(buildsTask.getDefaultTaskInstance(), Instant.now())) {
                scheduler.triggerCheckForDueExecutions();
            }
        } catch (TaskInstanceCurrentlyExecutingException running) {
            // claiming right now; the next run follows within two seconds
        } catch (RuntimeException e) {
            LOG.debug("Could not bring the build claim forward for build {}: {}", event.buildId(), e.getMessage());
        }
    }

    @EventListener
    void onShutdown(ShutdownEvent event) {
        scheduler.stop();
    }
}
