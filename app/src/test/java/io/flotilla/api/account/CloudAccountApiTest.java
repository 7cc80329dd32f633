package io.flotilla.api.account;

import io.flotilla.secrets.SecretStore;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.DatabaseDump;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** /api/v1/cloud-accounts and /api/v1/workspaces/{ws}/cloud-account: rules, secrets, who may do what. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudAccountApiTest extends AppTestProperties {
    private static final String ACCOUNTS = "/api/v1/cloud-accounts";
    private static final String ROLE = "arn:aws:iam::123456789012:role/flotilla-appliance";
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    SecretStore store;
    @Property(name = "datasources.default.url")
    String jdbcUrl;
    Api admin;
    Api member;
    Api outsider;

    @BeforeAll
    void setUp() {
        admin = new Api(client, ADMIN_TOKEN);
        admin.post("/api/v1/workspaces", Map.of("name", "team-a"));
        admin.post("/api/v1/workspaces", Map.of("name", "team-b"));
        member = admin.userIn("team-a", "carol", "admin");
        outsider = admin.userIn("team-b", "dave", "member");
    }

    private static Map<String, Object> account(String name, Map<String, Object> credentials) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("provider", "aws");
        body.put("region", "eu-central-1");
        body.put("credentials", credentials);
        return body;
    }

    private long rows() throws Exception {
        try (var c = sql(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM cloud_accounts")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void registersAnAssumeRoleAccountListsAndShowsIt() {
        Map<String, Object> body = account("prod-assume", Map.of("mode", "assume_role", "roleArn", ROLE, "externalId", "ext-1234"));
        body.put("subnetIds", List.of("subnet-0abc12345def67890"));
        body.put("allowedCidrs", List.of("10.1.0.0/16"));
        body.put("logRetentionDays", 14);
        Api.Reply created = admin.post(ACCOUNTS, body);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json()).containsEntry("name", "prod-assume").containsEntry("region", "eu-central-1")
                .containsEntry("subnetIds", List.of("subnet-0abc12345def67890")).containsEntry("logRetentionDays", 14);
        assertThat(created.json().get("credentials").toString()).contains("assume_role", ROLE, "ext-1234");

        assertThat(admin.get(ACCOUNTS).list()).extracting(a -> a.get("name")).contains("prod-assume");
        assertThat(admin.get(ACCOUNTS + "/prod-assume").json()).containsEntry("allowedCidrs", List.of("10.1.0.0/16"));
        assertThat(admin.post(ACCOUNTS, body).status()).as("names are unique").isEqualTo(409);
    }

    @Test
    void accessKeysGoToTheSecretStoreOnlyAndAreNeverShown() throws Exception {
        String secret = "canary-" + UUID.randomUUID();
        Api.Reply created = admin.post(ACCOUNTS, account("keys", Map.of("mode", "access_keys",
                "accessKeyId", "AKIAFLOTILLACANARY99", "secretAccessKey", secret)));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().toString()).doesNotContain(secret).doesNotContain("AKIAFLOTILLACANARY99").contains("AKIA…RY99");
        assertThat(created.json().get("credentials").toString()).contains("discouraged=true");
        assertThat(admin.get(ACCOUNTS + "/keys").body().toString()).doesNotContain(secret);

        String dump = DatabaseDump.of(jdbcUrl).toLowerCase();
        assertThat(dump).contains("keys");
        assertThat(dump).doesNotContain(secret, DatabaseDump.hex(secret), "akiaflotillacanary99");
        try (var c = sql(); ResultSet rs = c.createStatement().executeQuery("SELECT id FROM cloud_accounts WHERE name = 'keys'")) {
            rs.next();
            String path = "cloud-accounts/" + rs.getString(1) + "/credentials";
            assertThat(store.get(path)).hasValueSatisfying(data -> assertThat(data).containsEntry("secretAccessKey", secret));
            assertThat(admin.delete(ACCOUNTS + "/keys").status()).isEqualTo(204);
            assertThat(store.get(path)).as("removing the account removes its keys").isEmpty();
        }
    }

    @Test
    void badInputIsA400NamingTheFieldAndStoresNothing() throws Exception {
        long before = rows();
        List<Map<String, Object>> bad = List.of(
                account("Bad Name", Map.of("mode", "instance_role")),
                Map.of("name", "x1", "provider", "azure", "region", "eu-central-1", "credentials", Map.of("mode", "instance_role")),
                Map.of("name", "x2", "provider", "aws", "region", "Frankfurt", "credentials", Map.of("mode", "instance_role")),
                account("x3", Map.of("mode", "magic")),
                account("x4", Map.of("mode", "assume_role", "roleArn", ROLE)),
                account("x5", Map.of("mode", "assume_role", "roleArn", "arn:aws:iam::12:role/x", "externalId", "abc")),
                account("x6", Map.of("mode", "access_keys", "accessKeyId", "AKIAFLOTILLATEST0001")),
                account("x7", Map.of("mode", "instance_role", "accessKeyId", "AKIAFLOTILLATEST0001")),
                withField(account("x8", Map.of("mode", "instance_role")), "allowedCidrs", List.of("10.0.0.300/16")),
                withField(account("x9", Map.of("mode", "instance_role")), "subnetIds", List.of("sn-1")),
                withField(account("x10", Map.of("mode", "instance_role")), "logRetentionDays", 31),
                withField(account("x11", Map.of("mode", "instance_role")), "color", "blue"),
                withField(account("x12", Map.of("mode", "instance_role")), "subnetIds", "subnet-0abc12345def67890"));
        for (Map<String, Object> body : bad) {
            Api.Reply reply = admin.post(ACCOUNTS, body);
            assertThat(reply.status()).as(body.toString()).isEqualTo(400);
            assertThat(reply.json()).as(body.toString()).containsKey("message");
            assertThat(reply.json().get("message").toString()).as(body.toString()).doesNotContain("Exception", "at io.");
        }
        assertThat(rows()).isEqualTo(before);
    }

    private static Map<String, Object> withField(Map<String, Object> body, String key, Object value) {
        body.put(key, value);
        return body;
    }

    @Test
    void onlyApplianceAdminsManageAccountsMembersSeeTheirWorkspacesBinding() {
        assertThat(member.post(ACCOUNTS, account("mine", Map.of("mode", "instance_role"))).status()).isEqualTo(403);
        assertThat(member.get(ACCOUNTS).status()).isEqualTo(403);
        assertThat(admin.post(ACCOUNTS, account("shared", Map.of("mode", "instance_role"))).status()).isEqualTo(201);

        assertThat(member.get("/api/v1/workspaces/team-a/cloud-account").status()).as("not bound yet").isEqualTo(404);
        assertThat(member.put("/api/v1/workspaces/team-a/cloud-account", Map.of("account", "shared")).status())
                .as("a workspace admin cannot pick the account").isEqualTo(403);
        assertThat(admin.put("/api/v1/workspaces/team-a/cloud-account", Map.of("account", "nope")).status()).isEqualTo(400);
        assertThat(admin.put("/api/v1/workspaces/team-a/cloud-account", Map.of("account", "shared",
                "allowedCidrs", List.of("10.0.0.300/8"))).status()).as("a bad CIDR binds nothing").isEqualTo(400);
        assertThat(member.get("/api/v1/workspaces/team-a/cloud-account").status()).isEqualTo(404);
        Api.Reply bound = admin.put("/api/v1/workspaces/team-a/cloud-account", Map.of("account", "shared",
                "allowedCidrs", List.of("192.0.2.0/24")));
        assertThat(bound.status()).isEqualTo(200);
        assertThat(member.get("/api/v1/workspaces/team-a/cloud-account").json())
                .containsEntry("account", "shared").containsEntry("region", "eu-central-1")
                .containsEntry("allowedCidrs", List.of("192.0.2.0/24")).containsEntry("workspaceCidrs", true);
        assertThat(admin.put("/api/v1/workspaces/team-a/cloud-account", Map.of("account", "shared")).status()).isEqualTo(200);
        assertThat(member.get("/api/v1/workspaces/team-a/cloud-account").json())
                .as("rebinding without CIDRs falls back to the account's").containsEntry("workspaceCidrs", false);
        assertThat(outsider.get("/api/v1/workspaces/team-a/cloud-account").status()).as("other workspaces' members").isEqualTo(404);
        assertThat(admin.get(ACCOUNTS + "/shared").json().get("workspaces")).isEqualTo(List.of("team-a"));

        Api.Reply inUse = admin.delete(ACCOUNTS + "/shared");
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.json().get("message").toString()).contains("bound to a workspace");
        assertThat(admin.delete("/api/v1/workspaces/team-a/cloud-account").status()).isEqualTo(204);
        assertThat(admin.delete(ACCOUNTS + "/shared").status()).isEqualTo(204);
        assertThat(admin.get(ACCOUNTS + "/shared").status()).isEqualTo(404);
    }
}
