package io.flotilla.api;

import io.flotilla.testing.AppTestProperties;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeApiTest extends AppTestProperties {
    @Inject
    @Client("/")
    HttpClient client;

    @Test
    void adminTokenFromInstallIdentifiesTheBootstrapAdmin() {
        Map<?, ?> me = client.toBlocking().retrieve(HttpRequest.GET("/api/v1/me").bearerAuth(ADMIN_TOKEN), Map.class);
        assertThat(me.get("username")).isEqualTo("admin");
        assertThat(me.get("applianceAdmin")).isEqualTo(true);
    }

    @Test
    void missingTokenIs401WithJsonError() {
        assertThatThrownBy(() -> client.toBlocking().retrieve(HttpRequest.GET("/api/v1/me"), Map.class))
                .isInstanceOfSatisfying(HttpClientResponseException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(401);
                    assertThat(e.getResponse().getBody(Map.class).orElseThrow()).containsKeys("error", "message", "details");
                });
    }
}
