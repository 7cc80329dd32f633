package io.flotilla.api.secrets;

import io.flotilla.identity.WorkspaceRepository;
import io.flotilla.secrets.vault.FakeVaultServer;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workspace secrets over HTTP with the appliance configured for {@link FakeVaultServer}: values land in
 * Vault; a sealed Vault fails only the secret routes, with a clear 503, and shows in /health; a failure
 * after the value was written leaves nothing behind.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkspaceSecretVaultApiTest extends AppTestProperties {
    private static final String BASE = "/api/v1/workspaces/default/secrets";
    private static final String AUDIT_BREAKS = "AUDIT_BREAKS";
    private FakeVaultServer vault;
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    WorkspaceRepository workspaces;
    @Inject
    JsonMapper json;
    private Api admin;

    @Override
    protected Map<String, String> extraProperties() {
        vault = FakeVaultServer.start("secret");
        return Map.of("flotilla.vault.addr", vault.address(),
                "flotilla.vault.token", FakeVaultServer.ROOT_TOKEN,
                "flotilla.vault.max-retries", "0",
                BreakableAuditLog.PROPERTY, AUDIT_BREAKS);
    }

    @BeforeAll
    void client() {
        admin = new Api(client, ADMIN_TOKEN);
    }

    @AfterEach
    void unseal() {
        vault.seal(false);
    }

    @AfterAll
    void stopVault() {
        vault.close();
    }

    private String vaultPath(String name) {
        return "flotilla/workspaces/" + workspaces.findByName("default").orElseThrow().id() + "/secrets/" + name;
    }

    private Api.TextReply put(String name, String value) {
        return admin.text(HttpMethod.PUT, BASE + "/" + name, Map.of("value", value));
    }

    private Map<String, Object> jsonOf(Api.TextReply response) throws IOException {
        return json.readValue(response.body(), io.micronaut.core.type.Argument.mapOf(String.class, Object.class));
    }

    @Test
    void valueIsKeptInVaultOnly() {
        assertThat(put("REGISTRY_TOKEN", "vault-canary").code()).isEqualTo(201);
        assertThat(vault.stored(vaultPath("REGISTRY_TOKEN"))).contains(Map.of("value", "vault-canary"));
    }

    @Test
    void sealedVaultFailsSecretWritesWhileTheRestOfTheApiWorks() throws IOException {
        assertThat(put("KEPT", "before-seal").code()).isEqualTo(201);
        vault.seal(true);

        Api.TextReply write = put("NEW_WHILE_SEALED", "sealed-canary");
        assertThat(write.code()).isEqualTo(503);
        assertThat(jsonOf(write)).containsEntry("error", "secret_store_sealed")
                .containsEntry("message", "Vault at " + vault.address() + " is sealed: an operator must unseal it.");
        Api.TextReply delete = admin.text(HttpMethod.DELETE, BASE + "/KEPT", null);
        assertThat(delete.code()).isEqualTo(503);
        assertThat(delete.body()).contains("secret_store_sealed");

        Api.TextReply listed = admin.text(HttpMethod.GET, BASE, null);
        assertThat(listed.code()).as("listing reads metadata only").isEqualTo(200);
        assertThat(listed.body()).contains("KEPT").doesNotContain("NEW_WHILE_SEALED");
        assertThat(admin.text(HttpMethod.GET, "/api/v1/me", null).code()).isEqualTo(200);
        assertThat(admin.text(HttpMethod.GET, "/api/v1/workspaces", null).code()).isEqualTo(200);

        Api.TextReply health = admin.text(HttpMethod.GET, "/health", null);
        assertThat(health.code()).isEqualTo(503);
        assertThat(jsonOf(health)).containsEntry("status", "DOWN");
        assertThat(health.body()).contains("\"secretStore\"", "is sealed: an operator must unseal it");
        assertThat(admin.text(HttpMethod.GET, "/health/readiness", null).code()).isEqualTo(503);

        vault.seal(false);
        assertThat(admin.text(HttpMethod.GET, "/health", null).code()).isEqualTo(200);
        assertThat(vault.stored(vaultPath("KEPT"))).as("delete did not half-happen").isPresent();
    }

    @Test
    void failureAfterTheValueWasWrittenLeavesNoValueAndNoRow() {
        Api.TextReply failed = put(AUDIT_BREAKS, "orphan-canary");
        assertThat(failed.code()).isEqualTo(500);
        assertThat(failed.body()).doesNotContain("orphan-canary", "IllegalStateException");

        assertThat(vault.stored(vaultPath(AUDIT_BREAKS))).as("value removed again from Vault").isEmpty();
        assertThat(admin.text(HttpMethod.GET, BASE, null).body()).doesNotContain(AUDIT_BREAKS);
    }
}
