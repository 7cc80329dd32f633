package io.flotilla.cluster;

import io.flotilla.provider.ApplianceId;
import io.flotilla.provider.InstanceState;
import io.flotilla.provider.ProviderRegistry;
import io.flotilla.provider.ResourceTags;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.DatabaseDump;
import io.flotilla.testing.LogCapture;
import io.flotilla.testing.PythonScript;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first thing a user does, end to end on one machine: from Python, a cluster of 2 workers over TLS,
 * a dask.array sum, scale to 3, open the dashboard link as a browser would (and fail to without the token), close;
 * then every process of the cluster is gone and the cluster is "stopped (user request)".
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalClusterEndToEndTest extends AppTestProperties {
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    EmbeddedServer server;
    @Inject
    ProviderRegistry providers;
    @Inject
    ApplianceId applianceId;
    @Inject
    io.flotilla.secrets.SecretStore secrets;
    @Property(name = "datasources.default.url")
    String jdbcUrl;
    private final LogCapture logs = new LogCapture();

    @AfterAll
    void stopCapture() {
        logs.close();
    }

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.local.python", PythonScript.python().toString(),
                "flotilla.clusters.heartbeat-interval", "1s",
                "flotilla.clusters.stop-grace", "5s");
    }

    @Test
    void computeScaleAndCloseFromPython() throws Exception {
        Path script = Path.of("src/test/resources/e2e/local_cluster.py").toAbsolutePath();
        PythonScript.Result result = PythonScript.run(script, Map.of(
                "FLOTILLA_URL", "http://127.0.0.1:" + server.getPort(),
                "FLOTILLA_TOKEN", ADMIN_TOKEN,
                "FLOTILLA_WORKSPACE", "default",
                "FLOTILLA_CONFIG", dataDir().resolve("client.yaml").toString()), 600, dataDir().resolve("e2e.out"));
        assertThat(result.exitCode()).as(result.output()).isZero();
        String report = result.output().lines().filter(l -> l.startsWith("E2E-REPORT ")).findFirst().orElseThrow();
        assertThat(report).contains("\"address\": \"tls://");
        double sum = Double.parseDouble(report.replaceAll(".*\"sum\": ([0-9.e+E-]+).*", "$1"));
        assertThat(Math.abs(sum - 5e7) / 5e7).as("sum of 10^8 uniform randoms").isLessThan(0.01);
        assertThat(report).contains("\"workers_after_scale\": 3");
        assertThat(report).doesNotContain("\"plain_client\": \"connected\"").doesNotContain("\"plain_tcp_client\": \"connected\"");
        String dashboardToken = assertDashboardProtected(report(report));

        Api admin = new Api(client, ADMIN_TOKEN);
        Map<String, Object> cluster = admin.awaitClusterState("default", "e2e", "stopped", Duration.ofSeconds(60));
        assertThat(cluster.get("reason")).isEqualTo("user request");
        assertThat(providers.get("local").list(Map.of(ResourceTags.APPLIANCE, applianceId.value())))
                .as("every process of the cluster is gone")
                .allSatisfy(i -> assertThat(i.state()).isEqualTo(InstanceState.TERMINATED));
        assertThat(secrets.get("clusters/" + cluster.get("id") + "/ca")).as("the CA of a stopped cluster is removed").isEmpty();
        assertThat(admin.get("/api/v1/workspaces/default/clusters/e2e/events").list())
                .extracting(e -> e.get("kind")).contains("created", "running", "stopped");
        assertThat(secrets.get("clusters/" + cluster.get("id") + "/dashboard")).as("the dashboard token of a stopped cluster is removed").isEmpty();
        String dump = DatabaseDump.of(jdbcUrl);
        assertThat(dump).contains("e2e").doesNotContain(dashboardToken);
        assertThat(dump.toLowerCase()).doesNotContain(DatabaseDump.hex(dashboardToken));
        String applianceLog = logs.text();
        assertThat(applianceLog).as("the capture sees the appliance's log lines").contains("localhost:" + server.getPort());
        assertThat(applianceLog).as("appliance log").doesNotContain(dashboardToken);
    }

    /** What the script fetched: the link opens the status page over TLS; no token, a wrong one or plain HTTP get nothing. */
    @SuppressWarnings("unchecked")
    private static String assertDashboardProtected(Map<String, Object> report) {
        Map<String, Object> dashboard = (Map<String, Object>) report.get("dashboard");
        String link = dashboard.get("link").toString();
        String token = dashboard.get("token").toString();
        assertThat(link).as("cluster.dashboard_link").matches("https://127\\.0\\.0\\.1:[0-9]+/status\\?token=fdt_[A-Za-z0-9_-]{43}");
        assertThat(dashboard).as(dashboard.toString()).containsEntry("status_page", true).containsEntry("page_status", 200)
                .containsEntry("page_url", link.substring(0, link.indexOf('?')))
                .containsEntry("without_token", 403).containsEntry("wrong_token", 403);
        assertThat(dashboard.get("without_token_body").toString()).startsWith("This Dask dashboard needs the link with its token");
        assertThat(dashboard.get("plain_http").toString()).as("plain HTTP to the TLS port").isNotEqualTo("200");
        assertThat(report.get("dashboard_in_view")).as("the cluster view carries no token").isEqualTo(link.substring(0, link.indexOf('?')));
        return token;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> report(String line) throws IOException {
        return (Map<String, Object>) io.micronaut.serde.ObjectMapper.getDefault().readValue(line.substring(11), Map.class);
    }
}
