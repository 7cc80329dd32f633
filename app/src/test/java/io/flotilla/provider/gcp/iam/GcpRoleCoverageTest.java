package io.flotilla.provider.gcp.iam;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GcpRoleCoverageTest {
    private static final String P = "/compute/v1/projects/data-prod-1";

    @Test
    void theRequestsOfAClusterLifecycleAreCoveredByTheOngoingRole() {
        List<String> recorded = List.of(
                GcpMethodNames.rest("GET", P + "/zones"),
                GcpMethodNames.rest("GET", P + "/zones/europe-west1-b/machineTypes"),
                GcpMethodNames.rest("POST", P + "/global/firewalls"),
                GcpMethodNames.rest("GET", P + "/global/operations/op-1"),
                GcpMethodNames.rest("POST", P + "/zones/europe-west1-b/instances"),
                GcpMethodNames.rest("POST", P + "/zones/europe-west1-b/operations/op-2/wait"),
                GcpMethodNames.rest("GET", P + "/aggregated/instances"),
                GcpMethodNames.rest("GET", P + "/zones/europe-west1-b/instances/flotilla-c1-w1"),
                GcpMethodNames.rest("DELETE", P + "/zones/europe-west1-b/instances/flotilla-c1-w1"),
                GcpMethodNames.rest("DELETE", P + "/global/firewalls/flotilla-c1-internal"),
                GcpMethodNames.grpc("google.logging.v2.LoggingServiceV2/ListLogEntries"));
        assertThat(recorded).noneMatch(m -> m.startsWith("unknown"));
        assertThat(GcpRoleCoverage.uncovered(recorded)).isEmpty();
        assertThat(GcpRoleCoverage.needed(recorded)).contains("compute.instances.create", "compute.networks.updatePolicy",
                "iam.serviceAccounts.actAs", "logging.logEntries.list");
    }

    @Test
    void aMethodOutsideTheManifestIsNamed() {
        List<String> recorded = List.of(GcpMethodNames.rest("POST", P + "/zones/europe-west1-b/instances/bulkInsert"),
                GcpMethodNames.rest("POST", P + "/global/instanceTemplates"),
                GcpMethodNames.rest("GET", "/storage/v1/b/customer-data/o"),
                GcpMethodNames.grpc("google.logging.v2.LoggingServiceV2/WriteLogEntries"));
        assertThat(GcpRoleCoverage.uncovered(recorded)).containsExactly("compute.instanceTemplates.insert",
                "compute.instances.bulkInsert", "logging.entries.write", "unknown: GET /storage/v1/b/customer-data/o");
    }
}
