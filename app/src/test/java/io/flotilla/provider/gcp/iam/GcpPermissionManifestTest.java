package io.flotilla.provider.gcp.iam;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GcpPermissionManifestTest {
    /** Permissions that read customer data, hand out credentials or change who may do what: never in the ongoing role. */
    private static final Pattern DENIED = Pattern.compile(
            "storage\\.objects\\..*|storage\\.buckets\\.(get|list|getIamPolicy|setIamPolicy)|bigquery\\.tables\\.(getData|export)"
                    + "|bigquery\\.jobs\\.create|bigquery\\.readsessions\\..*|secretmanager\\.versions\\.access"
                    + "|cloudsql\\..*|spanner\\.databases\\.(read|select)|datastore\\.entities\\..*|firestore\\..*"
                    + "|compute\\.disks\\.(createSnapshot|use|useReadOnly)|compute\\.snapshots\\..*|compute\\.images\\.create"
                    + "|compute\\.instances\\.(getSerialPortOutput|getScreenshot|setIamPolicy|osAdminLogin|osLogin)"
                    + "|iam\\.serviceAccountKeys\\..*|iam\\.serviceAccounts\\.(getAccessToken|signBlob|signJwt|implicitDelegation|getOpenIdToken|actAs)"
                    + "|.*\\.setIamPolicy|iam\\.roles\\..*|logging\\.(privateLogEntries|sinks|buckets|views)\\..*");

    @Test
    void theOngoingRoleReadsNoCustomerDataAndGrantsNoIamChanges() {
        List<String> ongoing = GcpPermissionManifest.permissions(GcpGrant.ONGOING_ROLE);
        assertThat(ongoing).isNotEmpty().noneMatch(p -> DENIED.matcher(p).matches()).noneMatch(p -> p.contains("*"));
        assertThat(ongoing).doesNotContain("storage.objects.get", "storage.objects.list", "bigquery.tables.getData",
                "iam.serviceAccounts.actAs", "resourcemanager.projects.setIamPolicy");
    }

    @Test
    void theDenyListCatchesWhatItMust() {
        assertThat(List.of("storage.objects.get", "storage.objects.list", "bigquery.tables.getData", "iam.serviceAccounts.actAs",
                "resourcemanager.projects.setIamPolicy", "secretmanager.versions.access", "compute.disks.createSnapshot"))
                .allMatch(p -> DENIED.matcher(p).matches());
        assertThat(List.of("compute.instances.create", "logging.logEntries.list")).noneMatch(p -> DENIED.matcher(p).matches());
    }

    @Test
    void actAsIsGrantedOnTheWorkerServiceAccountOnly() {
        assertThat(GcpPermissionManifest.of(GcpGrant.WORKER_SERVICE_ACCOUNT)).extracting(GcpPermission::permission)
                .containsExactly("iam.serviceAccounts.actAs");
        assertThat(GcpPermissionManifest.permissions(GcpGrant.SETUP_ROLE)).doesNotContain("iam.serviceAccounts.actAs");
    }

    @Test
    void creatingAnInstanceNeedsAPermissionForEachPartOfTheRequest() {
        Map<String, List<String>> byMethod = GcpPermissionManifest.byMethod(GcpGrant.ONGOING_ROLE, GcpGrant.WORKER_SERVICE_ACCOUNT);
        assertThat(byMethod.get("compute.instances.insert")).containsExactlyInAnyOrder("compute.instances.create",
                "compute.disks.create", "compute.images.useReadOnly", "compute.subnetworks.use", "compute.subnetworks.useExternalIp",
                "compute.instances.setMetadata", "compute.instances.setLabels", "compute.instances.setTags",
                "compute.instances.setServiceAccount", "iam.serviceAccounts.actAs");
        assertThat(byMethod.get("compute.firewalls.insert")).containsExactlyInAnyOrder("compute.firewalls.create",
                "compute.networks.updatePolicy");
        assertThat(byMethod.get("compute.instances.aggregatedList")).containsExactly("compute.instances.list");
        assertThat(byMethod.get("compute.zoneOperations.wait")).containsExactly("compute.zoneOperations.get");
        assertThat(byMethod.get("logging.entries.list")).containsExactly("logging.logEntries.list");
        assertThat(byMethod).doesNotContainKeys("compute.instances.bulkInsert", "compute.instanceTemplates.insert");
    }

    @Test
    void everyPermissionIsListedOncePerGrantWithAReason() {
        Set<String> seen = new HashSet<>();
        for (GcpPermission permission : GcpPermissionManifest.all()) {
            assertThat(seen.add(permission.grant() + " " + permission.permission())).as(permission.permission()).isTrue();
            assertThat(permission.why()).endsWith(".");
            assertThat(permission.service()).isIn("compute", "logging", "iam", "resourcemanager");
        }
    }

    @Test
    void theSetupRoleCoversNetworkServiceAccountAndBindings() {
        assertThat(GcpPermissionManifest.permissions(GcpGrant.SETUP_ROLE)).contains("compute.networks.create",
                "compute.subnetworks.create", "iam.serviceAccounts.create", "iam.serviceAccounts.setIamPolicy",
                "iam.roles.create", "resourcemanager.projects.setIamPolicy")
                .noneMatch(p -> p.startsWith("storage.") || p.startsWith("bigquery."));
    }

    @Test
    void aPermissionMustBeWellFormedAndExplained() {
        assertThatThrownBy(() -> new GcpPermission("compute.*", GcpGrant.ONGOING_ROLE, List.of("x"), "Why."))
                .hasMessageContaining("not a service.resource.verb");
        assertThatThrownBy(() -> new GcpPermission("compute.instances.get", GcpGrant.ONGOING_ROLE, List.of(), "Why."))
                .hasMessageContaining("API methods");
        assertThatThrownBy(() -> new GcpPermission("compute.instances.get", GcpGrant.ONGOING_ROLE, List.of("m"), " "))
                .hasMessageContaining("why");
    }
}
