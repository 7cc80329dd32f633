package io.flotilla.provider.gcp.iam;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small Cloud Resource Manager (test code): {@code POST /v3/projects/{p}:testIamPermissions} answers the requested
 * permissions that {@link #granted} holds, as Google does; {@code POST /token} is an OAuth token endpoint for service
 * account credentials. {@link #disabled} makes every call answer Google's 403 for a disabled API.
 */
public final class FakeResourceManager implements AutoCloseable {
    public static final String TOKEN = "ya29.fake-token";
    private static final Pattern TEST = Pattern.compile("/v3/projects/([^/:]+):testIamPermissions");
    public final Set<String> granted = java.util.concurrent.ConcurrentHashMap.newKeySet();
    public final List<String> requests = new CopyOnWriteArrayList<>();
    public final List<String> authorizations = new CopyOnWriteArrayList<>();
    volatile boolean disabled;
    private final HttpServer server;
    private final ObjectMapper json = ObjectMapper.getDefault();

    public FakeResourceManager() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(exchange.getRequestMethod() + " " + path);
            if (path.equals("/token")) {
                reply(exchange, 200, Map.of("access_token", TOKEN, "expires_in", 3600, "token_type", "Bearer"));
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(authorization == null ? "" : authorization);
            Matcher test = TEST.matcher(path);
            if (!exchange.getRequestMethod().equals("POST") || !test.matches()) {
                reply(exchange, 404, error(404, "NOT_FOUND", "No route " + path, null));
                return;
            }
            if (disabled) {
                reply(exchange, 403, error(403, "PERMISSION_DENIED", "Cloud Resource Manager API has not been used in project"
                        + " 123456789 before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/"
                        + "cloudresourcemanager.googleapis.com/overview?project=123456789 then retry.", "SERVICE_DISABLED"));
                return;
            }
            Map<String, Object> request = json.readValue(new String(body, StandardCharsets.UTF_8), Argument.mapOf(String.class, Object.class));
            @SuppressWarnings("unchecked")
            List<String> asked = (List<String>) request.getOrDefault("permissions", List.of());
            if (asked.size() > GcpPermissionValidator.BATCH) {
                reply(exchange, 400, error(400, "INVALID_ARGUMENT", "Too many permissions", null));
                return;
            }
            List<String> held = asked.stream().filter(granted::contains).toList();
            reply(exchange, 200, held.isEmpty() ? Map.of() : Map.of("permissions", held));
        }
    }

    private static Map<String, Object> error(int code, String status, String message, String reason) {
        Map<String, Object> error = new java.util.LinkedHashMap<>(Map.of("code", code, "message", message, "status", status));
        if (reason != null) {
            error.put("details", List.of(Map.of("@type", "type.googleapis.com/google.rpc.ErrorInfo", "reason", reason,
                    "domain", "googleapis.com", "metadata", Map.of("service", "cloudresourcemanager.googleapis.com"))));
        }
        return Map.of("error", error);
    }

    private void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
