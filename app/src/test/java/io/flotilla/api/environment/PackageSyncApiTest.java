package io.flotilla.api.environment;

import io.flotilla.environment.builder.WheelRef;
import io.flotilla.environment.builder.WheelSource;
import io.flotilla.environment.sync.WheelStore;
import io.flotilla.identity.WorkspaceRepository;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient.Redirect;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Package sync over HTTP: wheel uploads, manifests, failOn, bad input, and the wheel store's files and links. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PackageSyncApiTest extends AppTestProperties {
    private static final String BASE = "/api/v1/workspaces/sync-team";
    private static final byte[] WHEEL = "PK\u0003\u0004 a wheel's bytes".getBytes(StandardCharsets.ISO_8859_1);
    private static final String WHEEL_NAME = "my_lib-0.1.0-py3-none-any.whl";
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    RecordingPackageSyncEnvironments environments;
    @Inject
    WorkspaceRepository workspaces;
    @Inject
    WheelSource wheelSource;
    private Api member;
    private Api outsider;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.test.package-sync-recorder", "true", "flotilla.package-sync.max-wheel-bytes", "4096");
    }

    @BeforeAll
    void users() {
        Api admin = new Api(client, ADMIN_TOKEN);
        admin.post("/api/v1/workspaces", Map.of("name", "sync-team"));
        admin.post("/api/v1/workspaces", Map.of("name", "other-team"));
        member = admin.userIn("sync-team", "sam", "member");
        outsider = admin.userIn("other-team", "olga", "admin");
    }

    private int uploadStatus(String token, String filename, String sha, byte[] body) {
        MutableHttpRequest<byte[]> request = HttpRequest.PUT(BASE + "/wheels/" + filename, body)
                .contentType(MediaType.APPLICATION_OCTET_STREAM_TYPE).bearerAuth(token);
        if (sha != null) {
            request.header("X-Content-SHA256", sha);
        }
        try {
            return client.toBlocking().exchange(request, String.class).code();
        } catch (HttpClientResponseException e) {
            assertThat(e.getResponse().getBody(String.class).orElse("")).as("a JSON error with a sentence")
                    .contains("\"error\"", "\"message\"");
            return e.getStatus().getCode();
        }
    }

    private static String tokenOf(Api api) {
        try {
            var field = Api.class.getDeclaredField("token");
            field.setAccessible(true);
            return (String) field.get(api);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, Object> manifest(List<Map<String, Object>> extra) {
        List<Map<String, Object>> packages = new ArrayList<>(List.of(
                Map.of("name", "dask", "version", "2026.1.2"), Map.of("name", "distributed", "version", "2026.1.2"),
                Map.of("name", "cloudpickle", "version", "3.1.1"), Map.of("name", "pip", "version", "24.0"),
                Map.of("name", "flotilla", "version", "0.1.0", "source", "editable")));
        packages.addAll(extra);
        return Map.of("python", "3.11.7", "platform", "linux", "architecture", "x86_64", "packages", packages);
    }

    /** The instance port's certificate is the appliance's own (instances pin its fingerprint); this test trusts it. */
    private static javax.net.ssl.SSLContext trustingInstanceCertificate() throws Exception {
        javax.net.ssl.X509TrustManager trustAll = new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        };
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[]{trustAll}, null);
        return context;
    }

    private List<Path> storedFiles() throws IOException {
        Path root = dataDir().resolve("wheels");
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void anUploadedWheelAndItsManifestBecomeOneEnvironmentThatAnUnchangedManifestReuses() throws Exception {
        String sha = WheelStore.sha256(WHEEL);
        assertThat(uploadStatus(tokenOf(member), WHEEL_NAME, sha, WHEEL)).isEqualTo(200);
        UUID workspaceId = workspaces.findByName("sync-team").orElseThrow().id();
        Path file = dataDir().resolve("wheels").resolve(workspaceId.toString()).resolve(sha).resolve(WHEEL_NAME);
        assertThat(Files.readAllBytes(file)).isEqualTo(WHEEL);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");

        Map<String, Object> body = Map.of("manifest", manifest(List.of(Map.of("name", "my-lib", "version", "0.1.0",
                "source", "editable", "wheel", Map.of("filename", WHEEL_NAME, "sha256", sha)))));
        int before = environments.calls().size();
        Api.Reply first = member.post(BASE + "/package-sync", body);
        assertThat(first.status()).as(String.valueOf(first.body())).isEqualTo(200);
        @SuppressWarnings("unchecked")
        Map<String, Object> environment = (Map<String, Object>) first.json().get("environment");
        assertThat((String) environment.get("name")).matches("package-sync-[0-9a-f]{12}");
        RecordingPackageSyncEnvironments.Call call = environments.calls().get(before);
        assertThat(call.workspace()).isEqualTo("sync-team");
        assertThat(call.name()).isEqualTo(environment.get("name"));
        assertThat(call.spec().pip()).containsExactly("cloudpickle==3.1.1", "dask==2026.1.2", "distributed==2026.1.2");
        assertThat(call.spec().wheels()).containsExactly(new WheelRef(WHEEL_NAME, sha));
        assertThat(call.spec().python()).isEqualTo("3.11");
        assertThat(first.json().toString()).contains("level=ignore", "action=substitute", "action=wheel");

        Api.Reply second = member.post(BASE + "/package-sync", body);
        assertThat(second.json().get("environment")).as("same spec, same environment").isEqualTo(environment);

        WheelSource source = wheelSource;
        try (var in = source.open(new WheelRef(WHEEL_NAME, sha))) {
            assertThat(in.readAllBytes()).isEqualTo(WHEEL);
        }
        String link = source.link(new WheelRef(WHEEL_NAME, sha), Duration.ofMinutes(5));
        assertThat(link).as("the instances' address of the appliance").startsWith("https://");
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().followRedirects(Redirect.NEVER)
                .sslContext(trustingInstanceCertificate()).build();
        var fetched = http.send(java.net.http.HttpRequest.newBuilder(URI.create(link)).build(), BodyHandlers.ofByteArray());
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.body()).isEqualTo(WHEEL);
        assertThat(source.link(new WheelRef(WHEEL_NAME, "c".repeat(64)), Duration.ofMinutes(5))).as("not uploaded").isNull();
        String tampered = link.replace(workspaceId.toString(), UUID.randomUUID().toString());
        assertThat(http.send(java.net.http.HttpRequest.newBuilder(URI.create(tampered)).build(), BodyHandlers.ofString())
                .statusCode()).isEqualTo(403);
        String expired = link.replaceAll("expires=\\d+", "expires=1000");
        assertThat(http.send(java.net.http.HttpRequest.newBuilder(URI.create(expired)).build(), BodyHandlers.ofString())
                .statusCode()).isEqualTo(403);
    }

    @Test
    void badUploadsAreRefusedAndStoreNothing() throws IOException {
        List<Path> before = storedFiles();
        String token = tokenOf(member);
        byte[] other = "other bytes".getBytes(StandardCharsets.UTF_8);
        assertThat(uploadStatus(token, "other-1.0-py3-none-any.whl", WheelStore.sha256(WHEEL), other)).as("hash mismatch").isEqualTo(422);
        assertThat(uploadStatus(token, "other-1.0-py3-none-any.whl", null, other)).as("no hash").isEqualTo(400);
        assertThat(uploadStatus(token, "other-1.0-py3-none-any.whl", WheelStore.sha256(new byte[5000]), new byte[5000]))
                .as("over flotilla.package-sync.max-wheel-bytes").isEqualTo(400);
        for (String trick : List.of("..%2F..%2Fevil-1.0-py3-none-any.whl", "%2Fetc%2Fevil-1.0-py3-none-any.whl",
                "..%5Cevil-1.0-py3-none-any.whl", "evil.zip", "..", "evil-1.0-py3-none-any.whl%00")) {
            int status = uploadStatus(token, trick, WheelStore.sha256(other), other);
            assertThat(status).as(trick).isBetween(400, 499);
        }
        assertThat(uploadStatus(tokenOf(outsider), "other-1.0-py3-none-any.whl", WheelStore.sha256(other), other))
                .as("not a member").isEqualTo(404);
        assertThat(storedFiles()).isEqualTo(before);
    }

    @Test
    void badManifestsAreRefusedWithASentenceAndRecordNothing() {
        int before = environments.calls().size();
        Api.Reply notUploaded = member.post(BASE + "/package-sync", Map.of("manifest", manifest(List.of(Map.of(
                "name", "ghost", "version", "1.0", "source", "editable",
                "wheel", Map.of("filename", "ghost-1.0-py3-none-any.whl", "sha256", "b".repeat(64)))))));
        assertThat(notUploaded.status()).isEqualTo(409);
        assertThat(notUploaded.error()).isEqualTo("wheel_not_uploaded");
        Api.Reply badVersion = member.post(BASE + "/package-sync", Map.of("manifest", manifest(List.of(
                Map.of("name", "pandas", "version", "2.0 --extra-index-url http://evil")))));
        assertThat(badVersion.status()).isEqualTo(400);
        assertThat((String) badVersion.json().get("message")).contains("pandas");
        Api.Reply badPath = member.post(BASE + "/package-sync", Map.of("manifest", manifest(List.of(Map.of(
                "name", "evil", "version", "1.0", "wheel", Map.of("filename", "../evil-1.0-py3-none-any.whl", "sha256", "b".repeat(64)))))));
        assertThat(badPath.status()).isEqualTo(400);
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 3001; i++) {
            many.add(Map.of("name", "p" + i, "version", "1.0"));
        }
        Api.Reply tooMany = member.post(BASE + "/package-sync", Map.of("manifest", manifest(many)));
        assertThat(tooMany.status()).as("3000 packages at most").isEqualTo(400);
        assertThat(tooMany.error()).isEqualTo("manifest_too_large");
        String huge = "{\"manifest\":{\"python\":\"3.11.7\",\"platform\":\"linux\",\"architecture\":\"x86_64\",\"problems\":[\""
                + "x".repeat(1_100_000) + "\"],\"packages\":[]}}";
        Api.Reply oversized = member.raw(HttpMethod.POST, BASE + "/package-sync", huge, MediaType.APPLICATION_JSON_TYPE);
        assertThat(oversized.status()).isEqualTo(413);
        assertThat(outsider.post(BASE + "/package-sync", Map.of("manifest", manifest(List.of()))).status()).isEqualTo(404);
        assertThat(environments.calls()).hasSize(before);
    }

    @Test
    void failOnRefusesWithTheOffendingPackagesAndStrictAllowsNoApproximation() {
        int before = environments.calls().size();
        Map<String, Object> approximated = manifest(List.of(Map.of("name", "torch", "version", "2.4.1+cpu")));
        Api.Reply loose = member.post(BASE + "/package-sync", Map.of("manifest", approximated));
        assertThat(loose.status()).isEqualTo(200);
        assertThat(loose.json().get("warnings").toString()).contains("torch 2.4.1+cpu");

        for (Map<String, Object> options : List.of(Map.<String, Object>of("failOn", "warning-or-higher"), Map.<String, Object>of("strict", true))) {
            Map<String, Object> body = new java.util.HashMap<>(options);
            body.put("manifest", approximated);
            Api.Reply refused = member.post(BASE + "/package-sync", body);
            assertThat(refused.status()).as(options.toString()).isEqualTo(422);
            assertThat(refused.error()).isEqualTo("package_sync_refused");
            assertThat((String) refused.json().get("message")).contains("torch 2.4.1+cpu");
            assertThat(refused.json().get("details").toString()).contains("packages=[torch]");
        }
        Api.Reply criticalMismatch = member.post(BASE + "/package-sync", Map.of("manifest", manifest(List.of()),
                "ignore", List.of("distributed")));
        assertThat(criticalMismatch.status()).as("no distributed left: critical").isEqualTo(422);
        assertThat(environments.calls()).as("only the loose sync recorded an environment").hasSize(before + 1);
    }
}
