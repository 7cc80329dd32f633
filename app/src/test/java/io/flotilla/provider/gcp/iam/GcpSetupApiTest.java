package io.flotilla.provider.gcp.iam;

import io.flotilla.provider.ApplianceId;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/v1/providers/gcp/setup: the roles, bindings and commands, for appliance admins only; documented in OpenAPI. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GcpSetupApiTest extends AppTestProperties {
    private static final String PATH = "/api/v1/providers/gcp/setup";
    private static final String PRINCIPAL = "flotilla-appliance@ops-project.iam.gserviceaccount.com";
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplianceId applianceId;
    Api admin;
    Api member;

    @BeforeAll
    void setUp() {
        admin = new Api(client, ADMIN_TOKEN);
        admin.post("/api/v1/workspaces", Map.of("name", "team-gcp"));
        member = admin.userIn("team-gcp", "dora", "admin");
    }

    @Test
    @SuppressWarnings("unchecked")
    void applianceAdminGetsRolesBindingsAndCommands() {
        Api.Reply reply = admin.get(PATH + "?project=data-prod-1&workerServiceAccount=flotilla-workers&principal=" + PRINCIPAL);
        assertThat(reply.status()).isEqualTo(200);
        Map<String, Object> body = reply.json();
        assertThat(body).containsEntry("projectId", "data-prod-1").containsEntry("applianceId", applianceId.value())
                .containsEntry("principal", "serviceAccount:" + PRINCIPAL);
        assertThat(map(body, "ongoingRole")).containsEntry("roleId", "flotilla_ongoing").containsEntry("stage", "GA")
                .containsEntry("includedPermissions", GcpPermissionManifest.permissions(GcpGrant.ONGOING_ROLE));
        assertThat(map(body, "setupRole")).containsEntry("roleId", "flotilla_setup");
        assertThat(map(body, "workerServiceAccount")).containsEntry("email", "flotilla-workers@data-prod-1.iam.gserviceaccount.com")
                .containsEntry("roles", List.of("roles/logging.logWriter"));
        assertThat((String) body.get("ongoingRoleYaml")).startsWith("title: Flotilla appliance\n").contains("  - compute.instances.create\n");
        assertThat((List<Object>) body.get("commands")).contains((Object) ("gcloud iam service-accounts add-iam-policy-binding"
                + " flotilla-workers@data-prod-1.iam.gserviceaccount.com --project=data-prod-1 --member=serviceAccount:" + PRINCIPAL
                + " --role=roles/iam.serviceAccountUser --condition=None"));
        assertThat((List<?>) body.get("bindings")).hasSize(3);
    }

    @Test
    void badInputIs400WithASentenceNamingTheField() {
        Api.Reply reply = admin.get(PATH + "?project=Not_A_Project");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(map(reply.json(), "details")).containsEntry("field", "project");
        assertThat(reply.body().toString()).contains("is not a Google Cloud project id");
        assertThat(admin.get(PATH + "?workerServiceAccount=x@y").status()).isEqualTo(400);
        assertThat(admin.get(PATH + "?principal=alice@example.com").status()).isEqualTo(400);
    }

    @Test
    void aMemberIs403AndNoTokenIs401() {
        Api.Reply reply = member.get(PATH + "?project=data-prod-1");
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.error()).isEqualTo("forbidden");
        assertThat(admin.as("flt_nope").get(PATH).status()).isEqualTo(401);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOperationIsInTheOpenApiDocumentWithItsErrors() {
        String yaml = client.toBlocking().retrieve("/api/v1/openapi/flotilla-api-v1.yml");
        Map<String, Object> paths = (Map<String, Object>) new org.yaml.snakeyaml.Yaml().<Map<String, Object>>load(yaml).get("paths");
        Map<String, Object> get = map((Map<String, Object>) paths.get(PATH), "get");
        assertThat(map(get, "responses")).containsKeys("200", "400", "401", "403");
        assertThat(String.valueOf(map(get, "responses").get("200"))).contains("#/components/schemas/GcpSetup");
        assertThat(String.valueOf(get.get("parameters"))).contains("project", "workerServiceAccount", "principal");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> body, String name) {
        return (Map<String, Object>) body.get(name);
    }
}
