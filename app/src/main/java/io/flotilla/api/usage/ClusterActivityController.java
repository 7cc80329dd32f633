package io.flotilla.api.usage;

import io.flotilla.api.error.DocumentedErrors;
import io.flotilla.api.json.Rfc3339;
import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterService;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.Caller;
import io.flotilla.usage.samples.ActivityBucket;
import io.flotilla.usage.samples.ClusterActivity;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** A cluster's activity over time (workers, tasks, GPU use), from its heartbeats rolled up per minute or hour. */
@Controller("/api/v1/workspaces/{workspace}/clusters/{name}/activity")
@Tag(name = "usage")
@DocumentedErrors
public class ClusterActivityController {
    private final ClusterService clusters;
    private final ClusterActivity activity;
    private final Clock clock;

    public ClusterActivityController(ClusterService clusters, ClusterActivity activity, Clock clock) {
        this.clusters = clusters;
        this.activity = activity;
        this.clock = clock;
    }

    @Get
    @Operation(summary = "A cluster's activity per minute or hour (members of the workspace)", description = "Buckets"
            + " starting in [since, until), oldest first. Defaults: until = now, since = until minus 1 hour (minute)"
            + " or 7 days (hour). A range may cover at most 7 days in minutes and 366 days in hours. The last minute or"
            + " so is not rolled up yet; minutes older than the raw-sample retention stay.")
    public ActivityView get(@Parameter(hidden = true) Caller caller, String workspace, String name,
                            @Parameter(description = "bucket size", schema = @Schema(type = "string",
                                    allowableValues = {"minute", "hour"}, defaultValue = "minute"))
                            @Nullable @QueryValue String resolution,
                            @Parameter(description = "first bucket start (RFC 3339)", schema = @Schema(type = "string",
                                    format = "date-time")) @Nullable @QueryValue String since,
                            @Parameter(description = "end of the range, exclusive (RFC 3339)", schema = @Schema(type = "string",
                                    format = "date-time")) @Nullable @QueryValue String until) {
        ClusterActivity.Resolution size = resolution(resolution);
        Instant end = until == null ? clock.instant() : time("until", until);
        Instant start = since == null
                ? end.minus(size == ClusterActivity.Resolution.MINUTE ? Duration.ofHours(1) : Duration.ofDays(7))
                : time("since", since);
        if (!start.isBefore(end)) {
            throw ServiceException.invalid("since", "since must be before until.");
        }
        if (Duration.between(start, end).compareTo(size.longestRange()) > 0) {
            throw ServiceException.invalid("since", "A range in " + size.name().toLowerCase(Locale.ROOT)
                    + "s may cover at most " + size.longestRange().toDays() + " days.");
        }
        Cluster cluster = clusters.get(caller, workspace, name);
        ChronoUnit unit = size == ClusterActivity.Resolution.MINUTE ? ChronoUnit.MINUTES : ChronoUnit.HOURS;
        return new ActivityView(name, size.name().toLowerCase(Locale.ROOT), start, end,
                activity.of(cluster.id(), size, start.truncatedTo(unit), end).stream().map(Bucket::of).toList());
    }

    private static ClusterActivity.Resolution resolution(String value) {
        if (value == null || value.equals("minute")) {
            return ClusterActivity.Resolution.MINUTE;
        }
        if (value.equals("hour")) {
            return ClusterActivity.Resolution.HOUR;
        }
        throw ServiceException.invalid("resolution", "resolution must be minute or hour.");
    }

    private static Instant time(String field, String value) {
        try {
            return Rfc3339.parse(value);
        } catch (DateTimeParseException e) {
            throw ServiceException.invalid(field, field + " must be an RFC 3339 time such as 2026-11-27T10:00:00Z.");
        }
    }

    /** The answer: the range asked for and its buckets. */
    @Serdeable
    public record ActivityView(String cluster, String resolution, Instant since, Instant until,
                               List<Bucket> buckets) {
    }

    /** One minute or hour. */
    @Serdeable
    public record Bucket(Instant start, int samples, double meanWorkers, int maxWorkers, double meanThreads,
                         int maxThreads, double meanMemoryBytes, long maxMemoryBytes, double meanTasksProcessing,
                         int maxTasksProcessing, double meanGpuWorkers, int maxGpuWorkers,
                         @Schema(description = "percent, absent when no heartbeat had GPU workers")
                         @Nullable Double meanGpuUtilization) {
        static Bucket of(ActivityBucket b) {
            return new Bucket(b.start(), b.samples(), b.meanWorkers(), b.maxWorkers(), b.meanThreads(), b.maxThreads(),
                    b.meanMemoryBytes(), b.maxMemoryBytes(), b.meanTasksProcessing(), b.maxTasksProcessing(),
                    b.meanGpuWorkers(), b.maxGpuWorkers(), b.meanGpuUtilization());
        }
    }
}
