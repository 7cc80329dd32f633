package io.flotilla.api.secrets;

import io.flotilla.testing.AppTestProperties;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;

import java.util.Map;

/** Small helpers for HTTP-level tests: raw responses (also for 4xx/5xx) and test users with tokens. */
final class ApiCalls {
    private final BlockingHttpClient http;

    ApiCalls(BlockingHttpClient http) {
        this.http = http;
    }

    /** The response, whatever its status, with the body as a string. */
    HttpResponse<String> exchange(MutableHttpRequest<?> request, String token) {
        try {
            return http.exchange(request.bearerAuth(token), String.class);
        } catch (HttpClientResponseException e) {
            return HttpResponse.status(e.getStatus()).body(e.getResponse().getBody(String.class).orElse(""));
        }
    }

    /** Creates a workspace as the bootstrap admin. */
    void createWorkspace(String name) {
        http.exchange(HttpRequest.POST("/api/v1/workspaces", Map.of("name", name)).bearerAuth(AppTestProperties.ADMIN_TOKEN));
    }

    /** Creates a user who belongs to {@code workspace} with {@code role}, and returns an API token for them. */
    String userIn(String workspace, String username, String role) {
        String password = "correct-horse-battery-" + username;
        http.exchange(HttpRequest.POST("/api/v1/users", Map.of("username", username, "password", password))
                .bearerAuth(AppTestProperties.ADMIN_TOKEN));
        http.exchange(HttpRequest.PUT("/api/v1/workspaces/" + workspace + "/members/" + username, Map.of("role", role))
                .bearerAuth(AppTestProperties.ADMIN_TOKEN));
        Map<?, ?> created = http.retrieve(HttpRequest.POST("/api/v1/auth/token",
                Map.of("username", username, "password", password)), Map.class);
        return (String) created.get("token");
    }
}
