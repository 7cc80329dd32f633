package io.flotilla.api.secrets;

import io.flotilla.identity.WorkspaceRepository;
import io.flotilla.secrets.vault.FakeGceMetadataServer;
import io.flotilla.secrets.vault.FakeVaultServer;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The appliance configured only with Vault's address and the GCP auth method (no token, no secret id): it logs in
 * with the metadata server's identity token and keeps workspace secrets in Vault; /health shows the method.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkspaceSecretVaultCloudLoginApiTest extends AppTestProperties {
    private FakeVaultServer vault;
    private FakeGceMetadataServer metadata;
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    WorkspaceRepository workspaces;

    @Override
    protected Map<String, String> extraProperties() {
        vault = FakeVaultServer.start("secret");
        try {
            metadata = new FakeGceMetadataServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        vault.enableLogin("gcp-prod", metadata.vaultLogin("flotilla-appliance"), 600);
        return Map.of("flotilla.vault.addr", vault.address(),
                "flotilla.vault.auth-method", "gcp",
                "flotilla.vault.auth-mount", "gcp-prod",
                "flotilla.vault.auth-role", "flotilla-appliance",
                "flotilla.vault.gcp-metadata-host", metadata.host(),
                "flotilla.vault.max-retries", "0");
    }

    @AfterAll
    void stop() {
        vault.close();
        metadata.close();
    }

    @Test
    void secretsLandInVaultThroughTheCloudIdentityLogin() {
        Api admin = new Api(client, ADMIN_TOKEN);
        Api.TextReply put = admin.text(HttpMethod.PUT, "/api/v1/workspaces/default/secrets/WAREHOUSE_TOKEN",
                Map.of("value", "gcp-login-canary"));

        assertThat(put.code()).isEqualTo(201);
        String path = "flotilla/workspaces/" + workspaces.findByName("default").orElseThrow().id() + "/secrets/WAREHOUSE_TOKEN";
        assertThat(vault.stored(path)).contains(Map.of("value", "gcp-login-canary"));
        assertThat(vault.logins()).isGreaterThanOrEqualTo(1);
        assertThat(metadata.issued()).isEqualTo(vault.logins());
        Api.TextReply health = admin.text(HttpMethod.GET, "/health", null);
        assertThat(health.code()).isEqualTo(200);
        assertThat(health.body()).contains("\"secretStore\"");
    }
}
