package io.flotilla.logs.gcp;

import com.google.cloud.logging.v2.LoggingClient;
import com.google.logging.v2.ListLogEntriesRequest;
import com.google.logging.v2.LogEntry;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.logs.LogLine;
import io.flotilla.logs.LogQuery;
import io.flotilla.provider.ResourceTags;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * One log query against Cloud Logging: {@code ListLogEntries} on the workspace's log, filtered on the server by
 * cluster, role or instance and time window, newest first, paged by the client until {@code limit} lines are
 * kept; they are returned oldest first, like the other sources. An entry holding several lines (a traceback)
 * becomes several lines. The text filter is applied here, case-insensitively as everywhere in Flotilla.
 */
final class CloudLoggingQuery {
    /** Largest page ListLogEntries serves. */
    static final int MAX_PAGE_SIZE = 1000;
    private final LoggingClient logging;
    private final String project;
    private final String logName;
    private final UUID clusterId;
    private final Map<String, ClusterInstance> byName;
    private final LogQuery query;
    private final String needle;

    /** @param byName the instances to read, by their name */
    CloudLoggingQuery(LoggingClient logging, String project, String logName, UUID clusterId,
                      Map<String, ClusterInstance> byName, LogQuery query) {
        this.logging = logging;
        this.project = project;
        this.logName = logName;
        this.clusterId = clusterId;
        this.byName = byName;
        this.query = query;
        this.needle = query.filter() == null || query.filter().isEmpty() ? null : query.filter().toLowerCase(Locale.ROOT);
    }

    List<LogLine> run() {
        List<LogLine> newestFirst = new ArrayList<>();
        ListLogEntriesRequest request = ListLogEntriesRequest.newBuilder().addResourceNames("projects/" + project)
                .setFilter(filter()).setOrderBy("timestamp desc").setPageSize(Math.min(MAX_PAGE_SIZE, query.limit()))
                .build();
        for (LogEntry entry : logging.listLogEntries(request).iterateAll()) {
            keep(entry, newestFirst);
            if (newestFirst.size() >= query.limit()) {
                break;
            }
        }
        List<LogLine> lines = new ArrayList<>(newestFirst.subList(0, Math.min(query.limit(), newestFirst.size())));
        Collections.reverse(lines);
        return lines;
    }

    /** The server-side filter: the cluster in the log, the query's role or instance, its time window. */
    String filter() {
        StringBuilder filter = new StringBuilder(CloudLoggingNames.clusterFilter(logName, clusterId));
        if (query.instance() != null) {
            filter.append(" AND ").append(CloudLoggingNames.label(CloudLoggingNames.INSTANCE_LABEL)).append('=')
                    .append(CloudLoggingNames.quote(query.instance()));
        } else if (query.role() != null) {
            filter.append(" AND ").append(CloudLoggingNames.label(CloudLoggingNames.ROLE_LABEL)).append('=')
                    .append(CloudLoggingNames.quote(query.role()));
        }
        if (query.since() != null) {
            filter.append(" AND ").append(CloudLoggingNames.timestamp(">=", query.since()));
        }
        if (query.until() != null) {
            filter.append(" AND ").append(CloudLoggingNames.timestamp("<=", query.until()));
        }
        return filter.toString();
    }

    private void keep(LogEntry entry, List<LogLine> newestFirst) {
        ClusterInstance instance = byName.get(entry.getLabelsOrDefault(CloudLoggingNames.INSTANCE_LABEL, ""));
        if (instance == null || !entry.hasTimestamp()) {
            return;
        }
        Instant time = Instant.ofEpochSecond(entry.getTimestamp().getSeconds(), entry.getTimestamp().getNanos());
        String role = ResourceTags.roleValue(instance.role());
        String[] texts = text(entry).split("\r?\n");
        for (int i = texts.length - 1; i >= 0; i--) { // newest first: an entry's last line before its first
            if (needle == null || texts[i].toLowerCase(Locale.ROOT).contains(needle)) {
                newestFirst.add(new LogLine(time, instance.name(), role, texts[i]));
            }
        }
    }

    /** The entry's text: its text payload, a JSON payload's {@code message}, or the JSON payload itself. */
    static String text(LogEntry entry) {
        if (entry.hasJsonPayload()) {
            Value message = entry.getJsonPayload().getFieldsOrDefault("message", null);
            if (message != null && message.hasStringValue()) {
                return message.getStringValue();
            }
            try {
                return JsonFormat.printer().omittingInsignificantWhitespace().print(entry.getJsonPayload());
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                return entry.getJsonPayload().toString();
            }
        }
        return entry.getTextPayload();
    }
}
