package io.flotilla.cluster.agent;

import io.flotilla.cluster.Cluster;
import io.flotilla.provider.InstanceRole;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.HandMadeClusters;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The routes a stock-image instance installs its agent from: authorised by the instance's unspent bootstrap token,
 * which they do not spend (the bootstrap still takes it once, and afterwards they refuse it); the manifest lists
 * every file with its SHA-256 and, with a wheelhouse configured, its wheels and no index; unknown names are 404;
 * the OpenAPI document describes the routes and their errors.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentInstallRoutesTest extends AppTestProperties {
    private static final Path WHEELHOUSE = createWheelhouse();
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    HandMadeClusters rows;
    @Inject
    io.flotilla.config.ApplianceUrl applianceUrl;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.tasks.enabled", "false", "flotilla.agent.install.wheelhouse", WHEELHOUSE.toString());
    }

    @AfterAll
    void removeWheelhouse() throws IOException {
        try (var files = Files.list(WHEELHOUSE)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(WHEELHOUSE);
    }

    @Test
    void anUnspentTokenGetsTheScriptAndEveryListedFileAndStaysUsableUntilTheBootstrap() throws Exception {
        Cluster cluster = rows.starting("local", "default", "installing", 1);
        String token = rows.launched(cluster, InstanceRole.SCHEDULER, "scheduler", "p-scheduler", null);
        Api instance = new Api(client, token);

        Api.TextReply script = instance.text(HttpMethod.GET, "/api/v1/agent/install.sh", null);
        assertThat(script.code()).isEqualTo(200);
        assertThat(script.body()).isEqualTo(resource("agent/install.sh")).startsWith("#!/bin/bash\n");

        assertThat(client.toBlocking().exchange(HttpRequest.GET("/api/v1/agent/install.sh").bearerAuth(token), byte[].class)
                .getContentType().map(Object::toString)).hasValue("text/x-shellscript");
        assertThat(client.toBlocking().exchange(HttpRequest.GET("/api/v1/agent/runtime").bearerAuth(token), String.class)
                .getContentType().map(Object::toString)).hasValue("text/plain");
        assertThat(client.toBlocking().exchange(HttpRequest.GET("/api/v1/agent/runtime/requirements.txt").bearerAuth(token), byte[].class)
                .getContentType().map(Object::toString)).hasValue("application/octet-stream");
        Api.TextReply manifest = instance.text(HttpMethod.GET, "/api/v1/agent/runtime", null);
        assertThat(manifest.code()).isEqualTo(200);
        List<String> lines = manifest.body().lines().filter(l -> !l.startsWith("#")).toList();
        assertThat(lines).first().isEqualTo("index-url none");
        List<String> names = lines.stream().filter(l -> l.startsWith("file ")).map(l -> l.split(" ")[2]).toList();
        assertThat(names).contains("requirements.txt", "requirements-aws.txt", "flotilla-agent.service",
                "numpy-9.9.9-py3-none-any.whl").anyMatch(n -> n.matches("flotilla-.*\\.whl")).doesNotContain("notes.txt");
        for (String line : lines.stream().filter(l -> l.startsWith("file ")).toList()) {
            String[] parts = line.split(" ");
            HttpResponse<byte[]> file = client.toBlocking().exchange(HttpRequest.GET("/api/v1/agent/runtime/" + parts[2]).bearerAuth(token), byte[].class);
            assertThat(file.code()).isEqualTo(200);
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file.body()))).as(parts[2]).isEqualTo(parts[1]);
        }
        assertThat(new String(client.toBlocking().retrieve(HttpRequest.GET("/api/v1/agent/runtime/requirements.txt").bearerAuth(token),
                byte[].class), StandardCharsets.UTF_8)).isEqualTo(resource("runtime/requirements.txt"));

        Api.TextReply unknown = instance.text(HttpMethod.GET, "/api/v1/agent/runtime/notes.txt", null);
        assertThat(unknown.code()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"error\":\"runtime_file_not_found\"");
        assertThat(instance.text(HttpMethod.GET, "/api/v1/agent/runtime/..%2F..%2Fetc%2Fpasswd", null).code()).isEqualTo(404);

        Api.Reply bootstrap = instance.post("/api/v1/agent/bootstrap", null);
        assertThat(bootstrap.status()).as("the downloads did not spend the token").isEqualTo(200);
        Api.TextReply spent = instance.text(HttpMethod.GET, "/api/v1/agent/install.sh", null);
        assertThat(spent.code()).as("refused once the token is spent").isEqualTo(401);
        assertThat(spent.body()).contains("\"error\":\"bootstrap_refused\"");
        assertThat(instance.text(HttpMethod.GET, "/api/v1/agent/runtime", null).code()).isEqualTo(401);
    }

    @Test
    void theAppliancesWheelhouseComesBeforeTheWorkspaceIndexAndNoCredentialsAreSent() {
        Api admin = new Api(client, ADMIN_TOKEN);
        String canary = "canary-Pw-" + java.util.UUID.randomUUID();
        assertThat(admin.put("/api/v1/workspaces/default/secrets/PACKAGE_INDEX_URL",
                Map.of("value", "https://packages.example.com/simple/")).status()).isEqualTo(201);
        assertThat(admin.put("/api/v1/workspaces/default/secrets/PACKAGE_INDEX_PASSWORD", Map.of("value", canary)).status()).isEqualTo(201);
        try {
            Cluster cluster = rows.starting("local", "default", "air-gapped", 1);
            Api instance = new Api(client, rows.launched(cluster, InstanceRole.SCHEDULER, "scheduler", "p-scheduler", null));
            Api.TextReply manifest = instance.text(HttpMethod.GET, "/api/v1/agent/runtime", null);
            assertThat(manifest.code()).isEqualTo(200);
            assertThat(manifest.body().lines().filter(l -> l.matches("(fallback-)?index-.*")).toList()).containsExactly("index-url none");
            assertThat(manifest.body()).doesNotContain("packages.example.com")
                    .doesNotContain(java.util.Base64.getEncoder().encodeToString((":" + canary).getBytes(StandardCharsets.UTF_8)));
        } finally {
            admin.delete("/api/v1/workspaces/default/secrets/PACKAGE_INDEX_URL");
            admin.delete("/api/v1/workspaces/default/secrets/PACKAGE_INDEX_PASSWORD");
        }
    }

    @Test
    void curlGetsTheScriptOverTheInstancePortWithThePublicKeyPinAndRefusesAnotherPin() throws Exception {
        Cluster cluster = rows.starting("local", "default", "pinned", 1);
        String token = rows.launched(cluster, InstanceRole.SCHEDULER, "scheduler", "p-scheduler", null);
        String pin = applianceUrl.publicKeyPinForInstances();
        assertThat(pin).matches("sha256//[A-Za-z0-9+/]{43}=");
        assertThat(curl(token, pin).exitCode()).isZero();
        assertThat(curl(token, pin).output()).startsWith("#!/bin/bash");
        String other = "sha256//" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        Curl refused = curl(token, other);
        assertThat(refused.exitCode()).as("curl's 'public key does not match pinned public key'").isEqualTo(90);
        assertThat(refused.output()).doesNotContain("#!/bin/bash");
    }

    private record Curl(int exitCode, String output) {
    }

    private Curl curl(String token, String pin) throws Exception {
        Process curl = new ProcessBuilder("curl", "--config", "-", "-sS", "--proto", "=https", "--insecure", "--pinnedpubkey", pin,
                applianceUrl.forInstances() + "/api/v1/agent/install.sh").redirectErrorStream(true).start();
        try (var in = curl.getOutputStream()) {
            in.write(("header = \"Authorization: Bearer " + token + "\"\n").getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Curl(curl.waitFor(), output);
    }

    @Test
    void withoutAValidTokenNothingIsServed() {
        for (String path : List.of("/api/v1/agent/install.sh", "/api/v1/agent/runtime", "/api/v1/agent/runtime/requirements.txt")) {
            for (Api caller : List.of(new Api(client, null), new Api(client, "fbt_not-a-token"))) {
                Api.TextReply reply = caller.text(HttpMethod.GET, path, null);
                assertThat(reply.code()).as(path).isEqualTo(401);
                assertThat(reply.body()).contains("\"error\":\"bootstrap_refused\"").contains("\"message\"");
            }
        }
    }

    @Test
    void theOpenApiDocumentDescribesTheRoutesAndTheirErrors() {
        String yaml = client.toBlocking().retrieve("/api/v1/openapi/flotilla-api-v1.yml");
        for (String path : List.of("/api/v1/agent/install.sh:", "/api/v1/agent/runtime:", "/api/v1/agent/runtime/{name}:")) {
            assertThat(yaml).contains(path);
            String operation = yaml.substring(yaml.indexOf(path), Math.min(yaml.length(), yaml.indexOf(path) + 4000));
            assertThat(operation).contains("\"401\":").contains("\"404\":").contains("\"403\":");
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = AgentInstallRoutesTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Path createWheelhouse() {
        try {
            Path dir = Files.createTempDirectory("flotilla-test-wheelhouse");
            Files.writeString(dir.resolve("numpy-9.9.9-py3-none-any.whl"), "not really a wheel");
            Files.writeString(dir.resolve("notes.txt"), "not a wheel: not served");
            return dir;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
