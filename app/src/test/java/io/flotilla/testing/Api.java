package io.flotilla.testing;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;

import java.util.List;
import java.util.Map;

/** A terse REST caller for tests: every call returns status and parsed JSON, errors included. */
public final class Api {
    private final HttpClient client;
    private final String token;

    public Api(HttpClient client, String token) {
        this.client = client;
        this.token = token;
    }

    /** A response as the tests look at it. */
    public record Reply(int status, Object body) {
        @SuppressWarnings("unchecked")
        public Map<String, Object> json() {
            return (Map<String, Object>) body;
        }

        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> list() {
            return (List<Map<String, Object>>) body;
        }

        public String error() {
            return body instanceof Map<?, ?> m ? (String) m.get("error") : null;
        }
    }

    /** A response's status and its body exactly as sent, for checks on the raw text (a canary must not be in it). */
    public record TextReply(int code, String body) {
    }

    public Api as(String otherToken) {
        return new Api(client, otherToken);
    }

    /**
     * As an admin: creates a user with a password, makes them a {@code role} of {@code workspace}, signs them in
     * ({@code POST /api/v1/auth/token}) and returns their client.
     */
    public Api userIn(String workspace, String username, String role) {
        String password = "correct-horse-battery-" + username;
        Reply created = post("/api/v1/users", Map.of("username", username, "password", password));
        Reply member = put("/api/v1/workspaces/" + workspace + "/members/" + username, Map.of("role", role));
        Reply token = as(null).post("/api/v1/auth/token", Map.of("username", username, "password", password));
        if (created.status() != 201 || member.status() >= 300 || token.status() != 201) {
            throw new AssertionError("could not set up user " + username + ": " + created + " / " + member + " / " + token);
        }
        return as(token.json().get("token").toString());
    }

    public Reply get(String path) {
        return call(HttpMethod.GET, path, null);
    }

    public Reply post(String path, Object body) {
        return call(HttpMethod.POST, path, body);
    }

    public Reply put(String path, Object body) {
        return call(HttpMethod.PUT, path, body);
    }

    public Reply patch(String path, Object body) {
        return call(HttpMethod.PATCH, path, body);
    }

    public Reply delete(String path) {
        return call(HttpMethod.DELETE, path, null);
    }

    /** Sends a raw body with the given content type (malformed JSON tests). */
    public Reply raw(HttpMethod method, String path, String body, MediaType type) {
        MutableHttpRequest<Object> request = HttpRequest.create(method, path);
        request.body(body).contentType(type);
        return send(request);
    }

    public Reply call(HttpMethod method, String path, Object body) {
        MutableHttpRequest<Object> request = HttpRequest.create(method, path);
        if (body != null) {
            request.body(body).contentType(MediaType.APPLICATION_JSON_TYPE);
        }
        return send(request);
    }

    /** Like {@link #call}, with the body as text, whatever the status. */
    public TextReply text(HttpMethod method, String path, Object body) {
        MutableHttpRequest<Object> request = HttpRequest.create(method, path);
        if (body != null) {
            request.body(body).contentType(MediaType.APPLICATION_JSON_TYPE);
        }
        if (token != null) {
            request.bearerAuth(token);
        }
        try {
            HttpResponse<String> response = client.toBlocking().exchange(request, String.class);
            return new TextReply(response.code(), response.body() == null ? "" : response.body());
        } catch (HttpClientResponseException e) {
            return new TextReply(e.getStatus().getCode(), e.getResponse().getBody(String.class).orElse(""));
        }
    }

    private Reply send(MutableHttpRequest<Object> request) {
        if (token != null) {
            request.bearerAuth(token);
        }
        try {
            HttpResponse<Object> response = client.toBlocking().exchange(request, Object.class);
            return new Reply(response.code(), response.body());
        } catch (HttpClientResponseException e) {
            return new Reply(e.getStatus().getCode(), e.getResponse().getBody(Object.class).orElse(null));
        }
    }

    /** Polls the cluster until its state is {@code state}; AssertionError with the last view after {@code timeout}. */
    public Map<String, Object> awaitClusterState(String workspace, String name, String state, java.time.Duration timeout)
            throws InterruptedException {
        java.time.Instant deadline = java.time.Instant.now().plus(timeout);
        Map<String, Object> last = Map.of();
        while (java.time.Instant.now().isBefore(deadline)) {
            last = get("/api/v1/workspaces/" + workspace + "/clusters/" + name).json();
            if (state.equals(last.get("state"))) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("cluster " + name + " did not reach " + state + " within " + timeout + "; last: " + last);
    }
}
