package io.flotilla.provider.gcp;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The IAM permissions each Compute Engine call of the provider needs, by HTTP method and path: the truth against
 * which the custom role is checked (a test records every call the suite makes and asks this for each). An insert
 * needs more than {@code compute.instances.create}: everything the VM Flotilla asks for uses (disk, image,
 * subnetwork, external address, metadata, tags, labels, service account and {@code iam.serviceAccounts.actAs}).
 */
public final class GcpCallPermissions {
    private static final String PROJECT = "/compute/v1/projects/[^/]+/";
    private static final String SEGMENT = "[^/]+";
    private static final List<Rule> RULES = List.of(
            rule("POST", "zones/" + SEGMENT + "/instances", "compute.instances.create", "compute.disks.create",
                    "compute.images.useReadOnly", "compute.subnetworks.use", "compute.subnetworks.useExternalIp",
                    "compute.instances.setMetadata", "compute.instances.setTags", "compute.instances.setLabels",
                    "compute.instances.setServiceAccount", "iam.serviceAccounts.actAs"),
            rule("GET", "zones/" + SEGMENT + "/instances/" + SEGMENT, "compute.instances.get"),
            rule("DELETE", "zones/" + SEGMENT + "/instances/" + SEGMENT, "compute.instances.delete"),
            rule("GET", "zones/" + SEGMENT + "/instances", "compute.instances.list"),
            rule("GET", "aggregated/instances", "compute.instances.list"),
            rule("POST", "global/firewalls", "compute.firewalls.create", "compute.networks.updatePolicy"),
            rule("GET", "global/firewalls/" + SEGMENT, "compute.firewalls.get"),
            rule("PATCH", "global/firewalls/" + SEGMENT, "compute.firewalls.update", "compute.networks.updatePolicy"),
            rule("DELETE", "global/firewalls/" + SEGMENT, "compute.firewalls.delete", "compute.networks.updatePolicy"),
            rule("GET", "global/firewalls", "compute.firewalls.list"),
            rule("GET", "zones/" + SEGMENT + "/operations/" + SEGMENT, "compute.zoneOperations.get"),
            rule("POST", "zones/" + SEGMENT + "/operations/" + SEGMENT + "/wait", "compute.zoneOperations.get"),
            rule("GET", "zones/" + SEGMENT + "/operations", "compute.zoneOperations.list"),
            rule("GET", "global/operations/" + SEGMENT, "compute.globalOperations.get"),
            rule("POST", "global/operations/" + SEGMENT + "/wait", "compute.globalOperations.get"),
            rule("GET", "zones/" + SEGMENT + "/machineTypes", "compute.machineTypes.list"),
            rule("GET", "aggregated/machineTypes", "compute.machineTypes.list"),
            rule("GET", "zones/" + SEGMENT + "/acceleratorTypes", "compute.acceleratorTypes.list"),
            // the network action (setup role): a custom-mode network and a subnetwork per region
            rule("POST", "global/networks", "compute.networks.create"),
            rule("GET", "global/networks/" + SEGMENT, "compute.networks.get"),
            rule("POST", "regions/" + SEGMENT + "/subnetworks", "compute.subnetworks.create"),
            rule("GET", "regions/" + SEGMENT + "/subnetworks/" + SEGMENT, "compute.subnetworks.get"),
            rule("GET", "regions/" + SEGMENT + "/operations/" + SEGMENT, "compute.regionOperations.get"),
            rule("POST", "regions/" + SEGMENT + "/operations/" + SEGMENT + "/wait", "compute.regionOperations.get"),
            rule("GET", "zones", "compute.zones.list"),
            rule("GET", "zones/" + SEGMENT, "compute.zones.get"));

    private record Rule(String method, Pattern path, Set<String> permissions) {
    }

    private GcpCallPermissions() {
    }

    /**
     * The permissions of one call; IllegalArgumentException for a call not mapped here (so that a check over
     * recorded calls fails on a call nobody thought of).
     *
     * @param method HTTP method
     * @param path   path below the endpoint, with or without a query
     */
    public static Set<String> forCall(String method, String path) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return RULES.stream().filter(r -> r.method().equalsIgnoreCase(method) && r.path().matcher(bare).matches())
                .findFirst().map(Rule::permissions)
                .orElseThrow(() -> new IllegalArgumentException("No IAM permission is known for " + method + " " + path));
    }

    private static Rule rule(String method, String path, String... permissions) {
        return new Rule(method, Pattern.compile(PROJECT + path), Set.of(permissions));
    }
}
