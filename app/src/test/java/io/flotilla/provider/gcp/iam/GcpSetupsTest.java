package io.flotilla.provider.gcp.iam;

import io.flotilla.error.ServiceException;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GcpSetupsTest {
    private static final String APPLIANCE = "5b1d6c1e-0f7a-4e43-9d55-2b7f0c3f5a11";
    private static final String PRINCIPAL = "flotilla-appliance@ops-project.iam.gserviceaccount.com";

    @Test
    void theRoleYamlIsWhatGcloudReadsAndListsTheManifestsPermissions() {
        Map<String, Object> parsed = new Yaml().load(GcpRoleDocuments.yaml(GcpRoleDocuments.ongoing()));
        assertThat(parsed).containsOnlyKeys("title", "description", "stage", "includedPermissions").containsEntry("stage", "GA");
        assertThat(parsed.get("includedPermissions")).isEqualTo(GcpPermissionManifest.permissions(GcpGrant.ONGOING_ROLE));
        Map<String, Object> setup = new Yaml().load(GcpRoleDocuments.yaml(GcpRoleDocuments.setup()));
        assertThat(setup.get("includedPermissions")).isEqualTo(GcpPermissionManifest.permissions(GcpGrant.SETUP_ROLE));
    }

    @Test
    void theAnswerBindsTheRoleToThePrincipalAndActAsOnTheWorkerOnly() {
        GcpSetup setup = GcpSetups.of(GcpTarget.of("data-prod-1", "flotilla-workers", PRINCIPAL), APPLIANCE);
        assertThat(setup.workerServiceAccount().email()).isEqualTo("flotilla-workers@data-prod-1.iam.gserviceaccount.com");
        assertThat(setup.workerServiceAccount().roles()).containsExactly("roles/logging.logWriter");
        assertThat(setup.principal()).isEqualTo("serviceAccount:" + PRINCIPAL);
        assertThat(setup.bindings()).extracting(GcpSetup.Binding::resource, GcpSetup.Binding::member, GcpSetup.Binding::role)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("projects/data-prod-1", "serviceAccount:" + PRINCIPAL,
                                "projects/data-prod-1/roles/flotilla_ongoing"),
                        org.assertj.core.groups.Tuple.tuple("projects/data-prod-1",
                                "serviceAccount:flotilla-workers@data-prod-1.iam.gserviceaccount.com", "roles/logging.logWriter"),
                        org.assertj.core.groups.Tuple.tuple("projects/data-prod-1/serviceAccounts/flotilla-workers@data-prod-1.iam.gserviceaccount.com",
                                "serviceAccount:" + PRINCIPAL, "roles/iam.serviceAccountUser"));
        List<String> commands = setup.commands().stream().filter(line -> !line.startsWith("#")).toList();
        assertThat(commands).containsExactly(
                "gcloud iam roles create flotilla_ongoing --project=data-prod-1 --file=flotilla-ongoing-role.yaml",
                "gcloud iam roles create flotilla_setup --project=data-prod-1 --file=flotilla-setup-role.yaml",
                "gcloud iam service-accounts create flotilla-workers --project=data-prod-1 --display-name='Flotilla cluster instances'"
                        + " --description='Dask schedulers and workers started by Flotilla: log writes only'",
                "gcloud projects add-iam-policy-binding data-prod-1 --member=serviceAccount:" + PRINCIPAL
                        + " --role=projects/data-prod-1/roles/flotilla_ongoing --condition=None",
                "gcloud projects add-iam-policy-binding data-prod-1 --member=serviceAccount:flotilla-workers@data-prod-1.iam.gserviceaccount.com"
                        + " --role=roles/logging.logWriter --condition=None",
                "gcloud iam service-accounts add-iam-policy-binding flotilla-workers@data-prod-1.iam.gserviceaccount.com"
                        + " --project=data-prod-1 --member=serviceAccount:" + PRINCIPAL + " --role=roles/iam.serviceAccountUser --condition=None");
        assertThat(String.join("\n", setup.commands())).doesNotContain("serviceAccountUser --condition=None\ngcloud projects");
        assertThat(setup.notes()).anyMatch(n -> n.contains("cannot test labels"));
    }

    @Test
    void withoutProjectOrPrincipalTheCommandsCarryPlaceholders() {
        GcpSetup setup = GcpSetups.of(GcpTarget.of(null, null, null), APPLIANCE);
        assertThat(setup.projectId()).isNull();
        assertThat(setup.workerServiceAccount().email()).isEqualTo("flotilla-worker@PROJECT_ID.iam.gserviceaccount.com");
        assertThat(setup.principal()).isEqualTo("serviceAccount:APPLIANCE_SERVICE_ACCOUNT_EMAIL");
        assertThat(setup.commands()).anyMatch(c -> c.startsWith("gcloud projects add-iam-policy-binding PROJECT_ID "));
    }

    @Test
    void aWorkerEmailGivesTheProjectAndAMemberPrefixIsAccepted() {
        GcpTarget target = GcpTarget.of(null, "flotilla-worker@data-prod-1.iam.gserviceaccount.com", "serviceAccount:" + PRINCIPAL);
        assertThat(target.projectId()).isEqualTo("data-prod-1");
        assertThat(target.workerAccountId()).isEqualTo("flotilla-worker");
        assertThat(target.principalEmail()).isEqualTo(PRINCIPAL);
        assertThat(GcpTarget.of("p-123456", null, "123456-compute@developer.gserviceaccount.com").principalEmail())
                .isEqualTo("123456-compute@developer.gserviceaccount.com");
    }

    @Test
    void badInputNamesTheFieldInASentence() {
        assertInvalid(() -> GcpTarget.of("My_Project", null, null), "project", "is not a Google Cloud project id");
        assertInvalid(() -> GcpTarget.of("abc", null, null), "project", "6 to 30");
        assertInvalid(() -> GcpTarget.of("project-ends-", null, null), "project", "not ending with a hyphen");
        assertInvalid(() -> GcpTarget.of("data-prod-1", "Worker!", null), "workerServiceAccount", "is not a service account id");
        assertInvalid(() -> GcpTarget.of("data-prod-1", "w@other-proj.iam.gserviceaccount.com", null), "workerServiceAccount",
                "must be an account id");
        assertInvalid(() -> GcpTarget.of("data-prod-1", "flotilla-worker@other-proj.iam.gserviceaccount.com", null),
                "workerServiceAccount", "belongs to project other-proj, not data-prod-1");
        assertInvalid(() -> GcpTarget.of("data-prod-1", null, "user:alice@example.com"), "principal", "service account");
        assertInvalid(() -> GcpTarget.of("data-prod-1", null, "alice@example.com"), "principal", "service account");
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field, String text) {
        assertThatThrownBy(call).isInstanceOf(ServiceException.class).hasMessageContaining(text)
                .satisfies(e -> assertThat(((ServiceException) e).details()).containsEntry("field", field));
    }
}
