package io.flotilla.logs.local;

import io.flotilla.logs.LogSource;
import io.flotilla.logs.LogLine;
import io.flotilla.logs.LogQuery;
import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.ClusterInstance;
import io.flotilla.error.ServiceException;
import io.flotilla.provider.ResourceTags;
import io.flotilla.provider.local.LocalLogFiles;
import io.flotilla.provider.local.LocalProviderConfig;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Logs of local instances: the files the local provider keeps per instance (they outlive it). A line's
 * time is the timestamp Dask's logging puts at its start; lines without one (tracebacks) take the time
 * of the line before.
 */
@Singleton
public class LocalLogSource implements LogSource {
    private static final Pattern STAMP = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}),(\\d{3})");
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private final LocalLogFiles files;
    private final LocalProviderConfig config;

    public LocalLogSource(LocalLogFiles files, LocalProviderConfig config) {
        this.files = files;
        this.config = config;
    }

    @Override
    public String providerId() {
        return "local";
    }

    @Override
    public List<LogLine> read(Cluster cluster, List<ClusterInstance> instances, LogQuery query) {
        List<ClusterInstance> launched = instances.stream().filter(i -> i.providerInstanceId() != null).toList();
        if (!launched.isEmpty() && launched.stream().noneMatch(i -> files.kept(i.providerInstanceId()))) {
            throw new ServiceException(ServiceException.Kind.GONE, "logs_removed", "The logs of cluster " + cluster.name()
                    + " were removed: the appliance keeps the logs of local clusters for " + days(config.getLogRetention())
                    + " after their instances end (flotilla.local.log-retention).", Map.of());
        }
        List<LogLine> lines = new ArrayList<>();
        for (ClusterInstance instance : instances) {
            if (instance.providerInstanceId() == null) {
                continue;
            }
            for (Path file : files.logFiles(instance.providerInstanceId())) {
                lines.addAll(readFile(file, instance, query));
            }
        }
        lines.sort(Comparator.comparing(LogLine::time));
        return lines.size() > query.limit() ? lines.subList(lines.size() - query.limit(), lines.size()) : lines;
    }

    private static String days(java.time.Duration retention) {
        long days = retention.toDays();
        return days >= 1 ? days + (days == 1 ? " day" : " days") : retention.toString();
    }

    private static List<LogLine> readFile(Path file, ClusterInstance instance, LogQuery query) {
        String role = ResourceTags.roleValue(instance.role());
        String needle = query.filter() == null ? null : query.filter().toLowerCase(Locale.ROOT);
        Deque<LogLine> kept = new ArrayDeque<>();
        try {
            Instant current = instance.createdAt();
            for (String text : LocalLogFiles.readLines(file)) {
                Matcher m = STAMP.matcher(text);
                if (m.find()) {
                    current = LocalDateTime.parse(m.group(1), FORMAT).atZone(ZoneId.systemDefault()).toInstant()
                            .plusMillis(Integer.parseInt(m.group(2)));
                }
                if ((query.since() != null && current.isBefore(query.since())) || (query.until() != null && current.isAfter(query.until()))
                        || (needle != null && !text.toLowerCase(Locale.ROOT).contains(needle))) {
                    continue;
                }
                kept.addLast(new LogLine(current, instance.name(), role, text));
                if (kept.size() > query.limit()) {
                    kept.removeFirst();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
        return new ArrayList<>(kept);
    }
}
