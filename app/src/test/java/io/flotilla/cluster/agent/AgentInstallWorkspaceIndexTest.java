package io.flotilla.cluster.agent;

import io.flotilla.cluster.Cluster;
import io.flotilla.provider.InstanceRole;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.HandMadeClusters;
import io.flotilla.testing.LogCapture;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without an appliance wheelhouse, the runtime manifest names the private index of the cluster's workspace (its
 * PACKAGE_INDEX_* secrets) before the appliance's own index-url (then its fallback), with its credentials as an
 * {@code index-auth} line;
 * only to an unspent bootstrap token, and the password is never in the appliance's log.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentInstallWorkspaceIndexTest extends AppTestProperties {
    private static final String APPLIANCE_INDEX = "https://appliance-index.example/simple";
    private static final String WORKSPACE_INDEX = "https://packages.example.com/private/simple/";
    private static final String CANARY = "canary-Pw-" + UUID.randomUUID();
    private static final String SECRETS = "/api/v1/workspaces/default/secrets/";
    private final LogCapture appLog = new LogCapture();
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    HandMadeClusters rows;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.tasks.enabled", "false", "flotilla.agent.install.index-url", APPLIANCE_INDEX);
    }

    @AfterAll
    void closeLog() {
        appLog.close();
    }

    @Test
    void theWorkspaceIndexComesBeforeTheAppliancesAndItsCredentialsOnlyToAnUnspentToken() throws Exception {
        Cluster cluster = rows.starting("local", "default", "private-index", 1);
        Api instance = new Api(client, rows.launched(cluster, InstanceRole.SCHEDULER, "scheduler", "p-scheduler", null));
        Api admin = new Api(client, ADMIN_TOKEN);
        assertThat(indexLines(instance)).as("no workspace index: the appliance's").containsExactly("index-url " + APPLIANCE_INDEX);

        assertThat(admin.put(SECRETS + "PACKAGE_INDEX_URL", Map.of("value", WORKSPACE_INDEX)).status()).isEqualTo(201);
        assertThat(indexLines(instance)).as("an index without credentials, the appliance's after it")
                .containsExactly("index-url " + WORKSPACE_INDEX, "fallback-index-url " + APPLIANCE_INDEX);

        assertThat(admin.put(SECRETS + "PACKAGE_INDEX_USERNAME", Map.of("value", "builder")).status()).isEqualTo(201);
        assertThat(admin.put(SECRETS + "PACKAGE_INDEX_PASSWORD", Map.of("value", CANARY)).status()).isEqualTo(201);
        String auth = Base64.getEncoder().encodeToString(("builder:" + CANARY).getBytes(StandardCharsets.UTF_8));
        assertThat(indexLines(instance)).containsExactly("index-url " + WORKSPACE_INDEX, "index-auth " + auth,
                "fallback-index-url " + APPLIANCE_INDEX);

        assertThat(instance.post("/api/v1/agent/bootstrap", null).status()).isEqualTo(200);
        Api.TextReply spent = instance.text(HttpMethod.GET, "/api/v1/agent/runtime", null);
        assertThat(spent.code()).as("a spent token gets no credentials").isEqualTo(401);
        assertThat(spent.body()).contains("\"error\":\"bootstrap_refused\"").doesNotContain(auth).doesNotContain(WORKSPACE_INDEX);
        assertThat(new Api(client, "fbt_not-a-token").text(HttpMethod.GET, "/api/v1/agent/runtime", null).code()).isEqualTo(401);

        String log = appLog.text();
        assertThat(log).doesNotContain(CANARY).doesNotContain(auth);
    }

    @Test
    void theOpenApiDocumentDescribesThePrecedence() {
        String yaml = client.toBlocking().retrieve("/api/v1/openapi/flotilla-api-v1.yml");
        String operation = yaml.substring(yaml.indexOf("/api/v1/agent/runtime:"), yaml.indexOf("/api/v1/agent/runtime:") + 3000);
        assertThat(operation).contains("index-auth").contains("PACKAGE_INDEX_URL").contains("flotilla.agent.install.wheelhouse");
    }

    private static List<String> indexLines(Api instance) {
        Api.TextReply manifest = instance.text(HttpMethod.GET, "/api/v1/agent/runtime", null);
        assertThat(manifest.code()).isEqualTo(200);
        return manifest.body().lines().filter(l -> l.matches("(fallback-)?index-.*")).toList();
    }
}
