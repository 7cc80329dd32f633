package io.flotilla.environment;

import com.sun.net.httpserver.HttpServer;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.DatabaseDump;
import io.flotilla.testing.LogCapture;
import io.flotilla.testing.PythonScript;
import io.flotilla.testing.TestUv;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A workspace's private index (URL and credentials as workspace secrets) is asked by the build with its
 * credentials, and the password (a canary) appears in no build log, API answer, database row or appliance log.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivateIndexCanaryTest extends AppTestProperties {
    private static final String CANARY = "canary-Pw-" + UUID.randomUUID();
    private static final String ENVS = "/api/v1/workspaces/default/software-environments";
    private final LogCapture appLog = new LogCapture();
    private final Set<String> authorizations = ConcurrentHashMap.newKeySet();
    private HttpServer index;
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    BuildLogFiles logs;
    @Property(name = "datasources.default.url")
    String jdbcUrl;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.local.python", PythonScript.python().toString(),
                "flotilla.environments.local.uv", TestUv.path().toString(),
                "flotilla.local.python-for-venv", TestUv.baseInterpreter());
    }

    @AfterAll
    void close() {
        appLog.close();
        if (index != null) {
            index.stop(0);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theIndexPasswordIsUsedAndShownNowhere() throws Exception {
        index = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        index.createContext("/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"private\"");
                exchange.sendResponseHeaders(401, -1);
            } else {
                authorizations.add(auth);
                exchange.sendResponseHeaders(404, -1); // no such project here: uv goes on to PyPI
            }
            exchange.close();
        });
        index.start();
        Api admin = new Api(client, ADMIN_TOKEN);
        String url = "http://127.0.0.1:" + index.getAddress().getPort() + "/simple/";
        assertThat(admin.put("/api/v1/workspaces/default/secrets/PACKAGE_INDEX_URL", Map.of("value", url)).status()).isEqualTo(201);
        admin.put("/api/v1/workspaces/default/secrets/PACKAGE_INDEX_USERNAME", Map.of("value", "builder"));
        admin.put("/api/v1/workspaces/default/secrets/PACKAGE_INDEX_PASSWORD", Map.of("value", CANARY));

        Map<String, Object> env = admin.post(ENVS, Map.of("name", "private", "pip", List.of("tabulate==0.9.0"))).json();
        UUID buildId = UUID.fromString(env.get("buildId").toString());
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        Map<String, Object> current;
        do {
            Thread.sleep(500);
            current = (Map<String, Object>) admin.get(ENVS + "/private").json().get("current");
        } while (!List.of("ready", "failed").contains(current.get("state")) && System.nanoTime() < deadline);
        assertThat(current.get("state")).as(String.join("\n", logs.read(buildId, 0, 500))).isEqualTo("ready");

        String expected = "Basic " + Base64.getEncoder().encodeToString(("builder:" + CANARY).getBytes(StandardCharsets.UTF_8));
        assertThat(authorizations).as("uv asked the private index with its credentials").contains(expected);
        String buildLog = Files.readString(logs.file(buildId));
        assertThat(buildLog).contains("tabulate").doesNotContain(CANARY);
        String answers = admin.get(ENVS + "/private").body() + "\n" + admin.get(ENVS + "/private/builds/" + buildId + "/logs").body();
        assertThat(answers).doesNotContain(CANARY);
        String dump = DatabaseDump.of(jdbcUrl);
        assertThat(dump).contains("tabulate").doesNotContain(CANARY);
        assertThat(dump.toLowerCase()).doesNotContain(DatabaseDump.hex(CANARY).toLowerCase());
        assertThat(appLog.text()).doesNotContain(CANARY);
    }
}
