package io.flotilla.provider.aws.imagebuild;

import io.flotilla.environment.builder.BuildLog;
import io.micronaut.core.annotation.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.codebuild.model.LogsLocation;

import java.util.Iterator;

/**
 * Copies a CodeBuild build's own output (its CloudWatch Logs stream, named in the build's {@code logs}) into the
 * Flotilla build log, line by line, through the SDK's paginator. At most {@value #MAX_LINES} lines: a failed
 * installer's error is near the end, so the earliest lines are the ones skipped, with a line saying so.
 */
final class CodeBuildLogs {
    static final int MAX_LINES = 20_000;

    private CodeBuildLogs() {
    }

    /**
     * Appends the build's log; returns false (after a line saying why) when CloudWatch has none to give.
     *
     * @param location the build's {@code logs}, or null
     */
    static boolean copy(CloudWatchLogsClient logs, @Nullable LogsLocation location, BuildLog log) {
        if (location == null || location.groupName() == null || location.streamName() == null) {
            log.append("[flotilla] CodeBuild reported no CloudWatch log stream for this build.");
            return false;
        }
        java.util.ArrayDeque<String> tail = new java.util.ArrayDeque<>();
        long skipped = 0;
        try {
            Iterator<FilteredLogEvent> events = logs.filterLogEventsPaginator(r -> r.logGroupName(location.groupName())
                    .logStreamNames(location.streamName())).events().iterator();
            while (events.hasNext()) {
                String message = events.next().message();
                for (String line : message.split("\\r?\\n", -1)) {
                    if (line.isEmpty()) {
                        continue;
                    }
                    tail.addLast(line);
                    if (tail.size() > MAX_LINES) {
                        tail.removeFirst();
                        skipped++;
                    }
                }
            }
        } catch (ResourceNotFoundException e) {
            log.append("[flotilla] The build's log stream " + location.groupName() + " " + location.streamName()
                    + " does not exist (CodeBuild writes none when the build fails before it starts).");
            return false;
        } catch (SdkException e) {
            log.append("[flotilla] The build's log could not be read from CloudWatch Logs ("
                    + location.groupName() + " " + location.streamName() + "): " + e.getMessage());
            return false;
        }
        if (skipped > 0) {
            log.append("[flotilla] " + skipped + " earlier lines of the CodeBuild log are left out; the whole log is in"
                    + " CloudWatch Logs " + location.groupName() + " " + location.streamName() + ".");
        }
        tail.forEach(log::append);
        return true;
    }
}
