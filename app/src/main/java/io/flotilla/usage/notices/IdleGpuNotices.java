package io.flotilla.usage.notices;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterEvent;
import io.flotilla.cluster.ClusterEventRepository;
import io.flotilla.cluster.agent.Heartbeat;
import io.flotilla.usage.UsagePolicy;
import io.micronaut.context.event.ApplicationEventPublisher;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Tells a cluster's owner that one of its GPU workers idles: a cluster event (kind {@value #EVENT_KIND}), a console
 * notification, and, when the workspace has a webhook, a signed POST sent after the heartbeat's transaction commits.
 */
@Singleton
public class IdleGpuNotices {
    /** Kind of the cluster event. */
    public static final String EVENT_KIND = "usage";
    private final ClusterEventRepository events;
    private final Notifications notifications;
    private final ApplicationEventPublisher<WebhookDue> webhooks;

    public IdleGpuNotices(ClusterEventRepository events, Notifications notifications,
                          ApplicationEventPublisher<WebhookDue> webhooks) {
        this.events = events;
        this.notifications = notifications;
        this.webhooks = webhooks;
    }

    /** Records and sends the notice of one episode (inside the heartbeat's transaction). */
    public void idle(Cluster cluster, Heartbeat.WorkerInfo worker, Instant idleSince, UsagePolicy policy, Instant at) {
        long minutes = (Duration.between(idleSince, at).toSeconds() + 30) / 60; // to the nearest minute
        String message = String.format(Locale.ROOT, "GPU worker %s of cluster %s has used its %d GPU%s below %d%% for %d"
                        + " minutes (now %.0f%%): stop or scale the cluster down if it is not needed.", worker.name(),
                cluster.name(), worker.gpus(), worker.gpus() == 1 ? "" : "s", policy.idleGpuThresholdPercent(), minutes,
                worker.gpuUtilization());
        events.save(new ClusterEvent(null, cluster.id(), at, EVENT_KIND, message));
        notifications.add(cluster.ownerId(), cluster.workspaceId(), cluster.id(), Notification.IDLE_GPU, message);
        if (policy.webhookUrl() != null) {
            webhooks.publishEvent(new WebhookDue(cluster.workspaceId(), policy.webhookUrl(), new WebhookPayload(
                    Notification.IDLE_GPU, cluster.workspaceId(), cluster.id(), cluster.name(), worker.name(),
                    worker.gpus(), worker.gpuUtilization(), policy.idleGpuThresholdPercent(), policy.idleGpuMinutes(),
                    idleSince, at, message)));
        }
    }
}
