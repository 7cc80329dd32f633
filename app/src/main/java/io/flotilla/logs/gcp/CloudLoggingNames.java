package io.flotilla.logs.gcp;

import io.flotilla.cluster.ClusterInstance;
import io.flotilla.provider.ResourceTags;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Names in Cloud Logging: a log per workspace ({@code projects/<p>/logs/flotilla-<workspace>}), labels for the
 * cluster, role and instance on every entry, the filters that select them, and the Logs Explorer link.
 */
public final class CloudLoggingNames {
    /** Label holding the cluster's id. */
    public static final String CLUSTER_LABEL = "flotilla-cluster";
    /** Label holding {@code scheduler} or {@code worker}. */
    public static final String ROLE_LABEL = "flotilla-role";
    /** Label holding the instance's name, e.g. {@code worker-2}. */
    public static final String INSTANCE_LABEL = "flotilla-instance";

    private CloudLoggingNames() {
    }

    /** The log id, {@code flotilla-<workspace>}. */
    public static String logId(String workspace) {
        return "flotilla-" + workspace;
    }

    /** {@code projects/<project>/logs/<log id>}, the log id URL-encoded as the API requires. */
    public static String logName(String project, String workspace) {
        return "projects/" + project + "/logs/" + encode(logId(workspace));
    }

    /** The labels an instance puts on every entry it writes. */
    public static Map<String, String> labels(UUID clusterId, ClusterInstance instance) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(CLUSTER_LABEL, clusterId.toString());
        labels.put(ROLE_LABEL, ResourceTags.roleValue(instance.role()));
        labels.put(INSTANCE_LABEL, instance.name());
        return labels;
    }

    /** The entries of one cluster in a log: {@code logName="…" AND labels."flotilla-cluster"="…"}. */
    public static String clusterFilter(String logName, UUID clusterId) {
        return "logName=" + quote(logName) + " AND " + label(CLUSTER_LABEL) + "=" + quote(clusterId.toString());
    }

    /** {@code labels."<key>"}. */
    public static String label(String key) {
        return "labels." + quote(key);
    }

    /** A timestamp comparison, e.g. {@code timestamp>="2026-12-02T07:00:00Z"}. */
    public static String timestamp(String operator, Instant at) {
        return "timestamp" + operator + quote(at.toString());
    }

    /** A string literal of the Logging query language. */
    public static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The Logs Explorer showing the cluster's entries. */
    public static String consoleUrl(String project, String logName, UUID clusterId) {
        String query = "logName=" + quote(logName) + "\n" + label(CLUSTER_LABEL) + "=" + quote(clusterId.toString());
        return "https://console.cloud.google.com/logs/query;query=" + encode(query) + "?project=" + encode(project);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
