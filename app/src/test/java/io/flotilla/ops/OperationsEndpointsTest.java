package io.flotilla.ops;

import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsEndpointsTest extends AppTestProperties {
    @Inject
    @Client("/")
    HttpClient client;

    @Test
    void healthLivenessAndReadinessAreUpWithTheDatabaseChecked() {
        Api anonymous = new Api(client, null);
        Api.Reply health = new Api(client, ADMIN_TOKEN).get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json()).containsEntry("status", "UP");
        assertThat(health.json().get("details").toString()).contains("jdbc");
        assertThat(anonymous.get("/health/liveness").status()).isEqualTo(200);
        assertThat(anonymous.get("/health/readiness").status()).isEqualTo(200);
    }

    @Test
    void metricsArePrometheusText() {
        new Api(client, ADMIN_TOKEN).get("/api/v1/me");
        String body = client.toBlocking().retrieve("/metrics");
        assertThat(body).contains("# TYPE jvm_memory_used_bytes gauge").contains("http_server_requests_seconds")
                .contains("flotilla_clusters{status=\"running\"} 0.0").contains("flotilla_cluster_workers_connected 0.0");
    }

    @Test
    void responsesCarryARequestId() {
        var response = client.toBlocking().exchange(io.micronaut.http.HttpRequest.GET("/health").header("X-Request-Id", "abc-123"));
        assertThat(response.getHeaders().get("X-Request-Id")).isEqualTo("abc-123");
    }
}
