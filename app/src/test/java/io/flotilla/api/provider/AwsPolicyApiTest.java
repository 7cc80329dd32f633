package io.flotilla.api.provider;

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

/** GET /api/v1/providers/aws/policies: the documents for appliance admins only. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsPolicyApiTest extends AppTestProperties {
    private static final String PATH = "/api/v1/providers/aws/policies";
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
        admin.post("/api/v1/workspaces", Map.of("name", "team-a"));
        member = admin.userIn("team-a", "carol", "admin");
    }

    @Test
    void workspaceAdminWhoIsNotApplianceAdminGets403() {
        Api.Reply reply = member.get(PATH + "?accountId=123456789012");
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.error()).isEqualTo("forbidden");
    }

    @Test
    void withoutTokenIs401() {
        assertThat(admin.as("flt_nope").get(PATH).status()).isEqualTo(401);
    }

    @Test
    void applianceAdminGetsTheDocumentsForTheAccount() {
        Api.Reply reply = admin.get(PATH + "?accountId=123456789012&region=eu-west-1&workerRole=flotilla-workers-eu");
        assertThat(reply.status()).isEqualTo(200);
        Map<String, Object> body = reply.json();
        String id = applianceId.value();
        assertThat(body).containsKeys("setup", "ongoing", "imageBuilds", "workerRole", "trust", "workerRoleTrust")
                .containsEntry("applianceId", id).containsEntry("externalId", id)
                .containsEntry("workerRoleName", "flotilla-workers-eu");
        for (String document : List.of("setup", "ongoing", "imageBuilds", "workerRole", "trust", "workerRoleTrust")) {
            assertThat(document(body, document)).as(document).containsEntry("Version", "2012-10-17").containsKey("Statement");
        }
        assertThat(reply.body().toString()).contains("aws:ResourceTag/flotilla:appliance")
                .contains("arn:aws:iam::123456789012:role/flotilla-workers-eu")
                .contains("arn:aws:ec2:eu-west-1:123456789012:instance/*");
    }

    @Test
    void withoutAnAccountThereIsNoTrustPolicyButThePermissionsCome() {
        Api.Reply reply = admin.get(PATH);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json()).containsKeys("setup", "ongoing", "workerRole").doesNotContainKey("trust");
    }

    @Test
    void badInputIs400NamingTheField() {
        Api.Reply reply = admin.get(PATH + "?accountId=12&region=eu-west-1");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(document(reply.json(), "details")).containsEntry("field", "accountId");
        assertThat(admin.get(PATH + "?workerRole=Admin").status()).isEqualTo(400);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> document(Map<String, Object> body, String name) {
        return (Map<String, Object>) body.get(name);
    }
}
