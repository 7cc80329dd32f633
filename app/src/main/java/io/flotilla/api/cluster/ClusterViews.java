package io.flotilla.api.cluster;

import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterEvent;
import io.flotilla.cluster.ClusterSpec;
import io.flotilla.cluster.ClusterState;
import io.flotilla.cluster.ClusterSpecView;
import io.flotilla.usage.ClusterUsage;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the cluster routes return. */
public final class ClusterViews {
    private ClusterViews() {
    }

    @Serdeable
    @Schema(name = "Cluster")
    public record ClusterView(UUID id, String name, String workspace, String owner, ClusterState state,
                              @Schema(description = "Wanted up: pending, starting or running") boolean active,
                              @Schema(description = "Over for good: stopped or failed") boolean finished,
                              @Nullable @Schema(description = "Why it stopped or failed") String reason, String provider,
                              int desiredWorkers, @Nullable Adaptive adaptive, Workers workers,
                              @Nullable String schedulerAddress,
                              @Nullable @Schema(description = "The scheduler's dashboard (https), without its token: it answers "
                                      + "403 to this address; the link that opens it comes with the cluster's credentials")
                              String dashboardUrl, Instant createdAt,
                              @Nullable Instant readyAt, @Nullable Instant stoppedAt, ClusterSpec options,
                              @Nullable @Schema(description = "The cluster's logs in the cloud's own console (AWS: CloudWatch)") String logsUrl,
                              @Nullable @Schema(description = "Metered usage and estimated cost so far (on the answers about one"
                                      + " cluster, not in lists): grows while it runs, complete once it stopped") ClusterUsage usage,
                              @Schema(description = "The workspace's limits at 80 % or more, as sentences (on the answers about"
                                      + " one cluster; empty in lists)") List<String> usageWarnings) {
        public static ClusterView of(Cluster c, String workspace, String owner, int running, @Nullable String logsUrl) {
            return of(c, workspace, owner, running, logsUrl, null, List.of());
        }

        public static ClusterView of(Cluster c, String workspace, String owner, int running, @Nullable String logsUrl,
                                     @Nullable ClusterUsage usage, List<String> usageWarnings) {
            return new ClusterView(c.id(), c.name(), workspace, owner, c.state(), c.state().isActive(),
                    c.state().isFinished(), c.reason(), c.provider(), c.desiredWorkers(),
                    c.adaptive() ? new Adaptive(c.adaptMinimum(), c.adaptMaximum()) : null,
                    new Workers(running, c.workersConnected()), c.schedulerAddress(), c.dashboardUrl(), c.createdAt(),
                    c.readyAt(), c.stoppedAt(), ClusterSpecView.of(c), logsUrl, usage, List.copyOf(usageWarnings));
        }
    }

    @Serdeable
    public record Adaptive(int minimum, int maximum) {
    }

    @Serdeable
    public record Workers(@Schema(description = "Worker instances launched and not stopped") int running,
                          @Schema(description = "Workers connected to the scheduler") int connected) {
    }

    @Serdeable
    @Schema(name = "ClusterPage")
    public record PageView(List<ClusterView> items, long total) {
    }

    @Serdeable
    @Schema(name = "ClusterEvent")
    public record EventView(Instant time, String kind, String message) {
        public static EventView of(ClusterEvent e) {
            return new EventView(e.at(), e.kind(), e.message());
        }
    }

    @Serdeable
    @Schema(name = "ClusterLogs")
    public record LogsView(List<io.flotilla.logs.LogLine> lines) {
    }

    @Serdeable
    @Schema(name = "ClusterCredentials", description = "Connection material; the client key is issued for this call only")
    public record CredentialsView(String schedulerAddress,
                                  @Nullable @Schema(description = "The dashboard link with the cluster's dashboard token "
                                          + "(?token=...); null until the scheduler reported its dashboard") String dashboardUrl,
                                  String caCertPem,
                                  String clientCertPem, String clientKeyPem, java.util.Map<String, String> versions) {
    }
}
