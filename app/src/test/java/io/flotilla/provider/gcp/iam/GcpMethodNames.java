package io.flotilla.provider.gcp.iam;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Names the Google API method of a request a fake saw (test code), in the form {@link GcpPermissionManifest#byMethod}
 * uses: {@code POST /compute/v1/projects/p/zones/z/instances} is {@code compute.instances.insert}, the gRPC method
 * {@code google.logging.v2.LoggingServiceV2/ListLogEntries} is {@code logging.entries.list}. A request of no known
 * route is named {@code unknown: METHOD PATH}, which no permission covers, so a coverage check fails on it.
 */
final class GcpMethodNames {
    private static final String PROJECT = "/compute/v1/projects/[^/]+";
    private static final String NAME = "[^/]+";
    private static final Map<Pattern, String> REST = new LinkedHashMap<>();
    private static final Map<String, String> GRPC = Map.of(
            "google.logging.v2.LoggingServiceV2/ListLogEntries", "logging.entries.list",
            "google.logging.v2.LoggingServiceV2/WriteLogEntries", "logging.entries.write",
            "google.logging.v2.LoggingServiceV2/ListLogs", "logging.logs.list");

    static {
        rest("POST", "/zones/" + NAME + "/instances/bulkInsert", "compute.instances.bulkInsert");
        rest("POST", "/zones/" + NAME + "/instances/" + NAME + "/setLabels", "compute.instances.setLabels");
        rest("POST", "/zones/" + NAME + "/instances", "compute.instances.insert");
        rest("GET", "/zones/" + NAME + "/instances", "compute.instances.list");
        rest("GET", "/zones/" + NAME + "/instances/" + NAME, "compute.instances.get");
        rest("DELETE", "/zones/" + NAME + "/instances/" + NAME, "compute.instances.delete");
        rest("GET", "/aggregated/instances", "compute.instances.aggregatedList");
        rest("POST", "/global/instanceTemplates", "compute.instanceTemplates.insert");
        rest("POST", "/global/firewalls", "compute.firewalls.insert");
        rest("GET", "/global/firewalls", "compute.firewalls.list");
        rest("GET", "/global/firewalls/" + NAME, "compute.firewalls.get");
        rest("PATCH", "/global/firewalls/" + NAME, "compute.firewalls.patch");
        rest("DELETE", "/global/firewalls/" + NAME, "compute.firewalls.delete");
        rest("GET", "/zones/" + NAME + "/operations/" + NAME, "compute.zoneOperations.get");
        rest("POST", "/zones/" + NAME + "/operations/" + NAME + "/wait", "compute.zoneOperations.wait");
        rest("GET", "/zones/" + NAME + "/operations", "compute.zoneOperations.list");
        rest("GET", "/global/operations/" + NAME, "compute.globalOperations.get");
        rest("POST", "/global/operations/" + NAME + "/wait", "compute.globalOperations.wait");
        rest("GET", "/zones", "compute.zones.list");
        rest("GET", "/zones/" + NAME + "/machineTypes", "compute.machineTypes.list");
        rest("GET", "/zones/" + NAME + "/acceleratorTypes", "compute.acceleratorTypes.list");
        rest("GET", "/global/networks/" + NAME, "compute.networks.get");
        rest("GET", "/regions/" + NAME + "/subnetworks/" + NAME, "compute.subnetworks.get");
    }

    private GcpMethodNames() {
    }

    /** The method of a Compute REST request ({@code path} without the query). */
    static String rest(String httpMethod, String path) {
        String line = httpMethod + " " + path;
        return REST.entrySet().stream().filter(e -> e.getKey().matcher(line).matches()).map(Map.Entry::getValue)
                .findFirst().orElse("unknown: " + line);
    }

    /** The method of a gRPC call ({@code service/Method}). */
    static String grpc(String fullMethodName) {
        return GRPC.getOrDefault(fullMethodName, "unknown: " + fullMethodName);
    }

    private static void rest(String httpMethod, String route, String method) {
        REST.put(Pattern.compile(Pattern.quote(httpMethod + " ") + PROJECT + route), method);
    }
}
