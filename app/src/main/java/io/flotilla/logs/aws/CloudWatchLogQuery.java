package io.flotilla.logs.aws;

import io.flotilla.logs.LogLine;
import io.flotilla.logs.LogQuery;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.provider.ResourceTags;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * One log query against CloudWatch Logs: {@code FilterLogEvents} over the instances' streams (at most 100
 * per call, as the API allows), paged by the SDK, keeping the newest {@code limit} lines and returning them
 * oldest first, like the local source. An event holding several lines (a traceback) becomes several lines.
 *
 * <p>The text filter is case-insensitive, as everywhere in Flotilla, while CloudWatch's terms are
 * case-sensitive: it is therefore applied here, and also sent to CloudWatch as a quoted literal term (to
 * narrow what is transferred) only when upper and lower case cannot differ, e.g. {@code 10.0.3.7}.
 */
final class CloudWatchLogQuery {
    /** Most stream names one FilterLogEvents call accepts. */
    static final int MAX_STREAMS_PER_CALL = 100;
    private static final Comparator<Kept> OLDEST_FIRST = Comparator.comparing(Kept::time).thenComparingLong(Kept::sequence);
    private final CloudWatchLogsClient logs;
    private final String group;
    private final Map<String, ClusterInstance> byStream;
    private final LogQuery query;
    private final String needle;
    private final PriorityQueue<Kept> newest = new PriorityQueue<>(OLDEST_FIRST);
    private long sequence;

    /** @param byStream the instances to read, by their stream name (only streams that exist) */
    CloudWatchLogQuery(CloudWatchLogsClient logs, String group, Map<String, ClusterInstance> byStream, LogQuery query) {
        this.logs = logs;
        this.group = group;
        this.byStream = byStream;
        this.query = query;
        this.needle = query.filter() == null || query.filter().isEmpty() ? null : query.filter().toLowerCase(Locale.ROOT);
    }

    List<LogLine> run() {
        List<String> streams = new ArrayList<>(byStream.keySet());
        for (int from = 0; from < streams.size(); from += MAX_STREAMS_PER_CALL) {
            List<String> chunk = streams.subList(from, Math.min(streams.size(), from + MAX_STREAMS_PER_CALL));
            logs.filterLogEventsPaginator(request(chunk)).events().forEach(this::keep);
        }
        List<Kept> kept = new ArrayList<>(newest);
        kept.sort(OLDEST_FIRST);
        return kept.stream().map(Kept::line).toList();
    }

    private FilterLogEventsRequest request(List<String> streams) {
        FilterLogEventsRequest.Builder b = FilterLogEventsRequest.builder().logGroupName(group).logStreamNames(streams)
                .limit(10_000);
        if (query.since() != null) {
            b.startTime(query.since().toEpochMilli());
        }
        if (query.until() != null) {
            b.endTime(query.until().toEpochMilli());
        }
        String pattern = filterPattern(query.filter());
        if (pattern != null) {
            b.filterPattern(pattern);
        }
        return b.build();
    }

    /**
     * The text filter as a CloudWatch literal term ({@code "text"}), or null when CloudWatch cannot apply it
     * exactly: text whose case matters (CloudWatch terms are case-sensitive) or that holds a double quote.
     */
    static String filterPattern(String filter) {
        if (filter == null || filter.isEmpty() || filter.contains("\"") || filter.contains("\\")
                || !filter.toLowerCase(Locale.ROOT).equals(filter.toUpperCase(Locale.ROOT))) {
            return null;
        }
        return "\"" + filter + "\"";
    }

    private void keep(FilteredLogEvent event) {
        ClusterInstance instance = byStream.get(event.logStreamName());
        if (instance == null || event.timestamp() == null || event.message() == null) {
            return;
        }
        Instant time = Instant.ofEpochMilli(event.timestamp());
        if ((query.since() != null && time.isBefore(query.since())) || (query.until() != null && time.isAfter(query.until()))) {
            return;
        }
        String role = ResourceTags.roleValue(instance.role());
        for (String text : event.message().split("\r?\n")) {
            if (needle != null && !text.toLowerCase(Locale.ROOT).contains(needle)) {
                continue;
            }
            newest.add(new Kept(time, sequence++, new LogLine(time, instance.name(), role, text)));
            if (newest.size() > query.limit()) {
                newest.poll();
            }
        }
    }

    private record Kept(Instant time, long sequence, LogLine line) {
    }
}
