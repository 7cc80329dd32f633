package io.flotilla.provider.gcp.iam;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What a recorded run of the GCP provider is checked against (test code): each API method it called must be one
 * the appliance's grants (the ongoing role and the binding on the worker service account) cover, per
 * {@link GcpPermissionManifest#byMethod}. A test recording its fakes' requests (through {@link GcpMethodNames})
 * asserts {@code uncovered(recorded)} is empty.
 */
final class GcpRoleCoverage {
    private GcpRoleCoverage() {
    }

    /** The recorded methods no permission of the appliance's grants is listed for, sorted. */
    static List<String> uncovered(Collection<String> recordedMethods) {
        Map<String, List<String>> covered = GcpPermissionManifest.byMethod(GcpGrant.ONGOING_ROLE, GcpGrant.WORKER_SERVICE_ACCOUNT);
        return recordedMethods.stream().filter(m -> !covered.containsKey(m)).distinct().sorted().toList();
    }

    /** The permissions those methods need, sorted: what the role must hold for the recorded run. */
    static List<String> needed(Collection<String> recordedMethods) {
        Map<String, List<String>> covered = GcpPermissionManifest.byMethod(GcpGrant.ONGOING_ROLE, GcpGrant.WORKER_SERVICE_ACCOUNT);
        return recordedMethods.stream().flatMap(m -> covered.getOrDefault(m, List.of()).stream()).distinct().sorted().toList();
    }
}
