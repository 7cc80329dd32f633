package io.flotilla.secrets.vault;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonObject;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the parts of HashiCorp Vault's HTTP API that Flotilla uses, with the request and
 * response shapes of Vault's API docs: KV v2 data read/write and metadata delete under one mount,
 * AppRole login, other logins at {@code auth/<mount>/login} judged by a {@link LoginCheck} (AWS IAM:
 * {@link FakeVaultAwsIamAuth}; GCP: {@link FakeGceMetadataServer}), token renew-self and sys/health. It checks {@code X-Vault-Token}, can be sealed
 * (503 {@code {"errors":["Vault is sealed"]}}) and stopped (connection refused). Test code only.
 */
public final class FakeVaultServer implements AutoCloseable {
    public static final String ROOT_TOKEN = "fake-root-token";
    private final HttpServer server;
    private final String mount;
    private final Map<String, Map<String, String>> data = new ConcurrentHashMap<>();
    private final Map<String, Integer> versions = new ConcurrentHashMap<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger renewals = new AtomicInteger();
    private volatile boolean sealed;
    private volatile boolean renewalsAllowed = true;
    private volatile String roleId;
    private volatile String secretId;
    private volatile long leaseSeconds = 60;
    private volatile String lastNamespace;
    private final Map<String, LoginCheck> loginChecks = new ConcurrentHashMap<>();

    /** Judges one login request body at {@code auth/<mount>/login}, as the auth method's backend would. */
    @FunctionalInterface
    public interface LoginCheck {
        /** Null to accept the login, else the sentence Vault answers with (HTTP 400). */
        String refusal(JsonObject request) throws IOException, InterruptedException;
    }

    private FakeVaultServer(String mount) throws IOException {
        this.mount = mount;
        tokens.add(ROOT_TOKEN);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a fake Vault with a KV v2 engine at {@code mount} and the root token {@link #ROOT_TOKEN}. */
    public static FakeVaultServer start(String mount) {
        try {
            return new FakeVaultServer(mount);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String address() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Accepts AppRole logins with these credentials, issuing tokens with this lease. */
    public void enableAppRole(String roleId, String secretId, long leaseSeconds) {
        this.roleId = roleId;
        this.secretId = secretId;
        this.leaseSeconds = leaseSeconds;
    }

    /** Accepts logins at {@code auth/<authMount>/login} that {@code check} accepts, issuing tokens with this lease. */
    public void enableLogin(String authMount, LoginCheck check, long leaseSeconds) {
        loginChecks.put(authMount, check);
        this.leaseSeconds = leaseSeconds;
    }

    public void seal(boolean sealed) {
        this.sealed = sealed;
    }

    /** When false, renew-self answers 403 as Vault does for an expired or revoked token. */
    public void allowRenewals(boolean allowed) {
        this.renewalsAllowed = allowed;
    }

    public void revokeAll() {
        tokens.clear();
    }

    public int logins() {
        return logins.get();
    }

    public int renewals() {
        return renewals.get();
    }

    public String lastNamespace() {
        return lastNamespace;
    }

    /** The data stored at a path inside the mount (e.g. {@code flotilla/clusters/1/ca}). */
    public Optional<Map<String, String>> stored(String pathInMount) {
        return Optional.ofNullable(data.get(pathInMount));
    }

    public Set<String> storedPaths() {
        return Set.copyOf(data.keySet());
    }

    /** Stops listening: every later request is refused. */
    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            lastNamespace = exchange.getRequestHeaders().getFirst("X-Vault-Namespace");
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/v1/sys/health")) {
                health(exchange);
            } else if (sealed) {
                send(exchange, 503, errors("Vault is sealed"));
            } else if (path.equals("/v1/auth/approle/login") && method.equals("POST")) {
                login(exchange);
            } else if (method.equals("POST") && path.startsWith("/v1/auth/") && path.endsWith("/login")
                    && loginChecks.containsKey(path.substring("/v1/auth/".length(), path.length() - "/login".length()))) {
                checkedLogin(exchange, loginChecks.get(path.substring("/v1/auth/".length(), path.length() - "/login".length())));
            } else if (!tokens.contains(String.valueOf(exchange.getRequestHeaders().getFirst("X-Vault-Token")))) {
                send(exchange, 403, errors("permission denied"));
            } else if (path.equals("/v1/auth/token/renew-self") && method.equals("POST")) {
                renew(exchange);
            } else if (path.startsWith("/v1/" + mount + "/data/")) {
                kvData(exchange, path.substring(("/v1/" + mount + "/data/").length()), method);
            } else if (path.startsWith("/v1/" + mount + "/metadata/") && method.equals("DELETE")) {
                String key = path.substring(("/v1/" + mount + "/metadata/").length());
                data.remove(key);
                versions.remove(key);
                send(exchange, 204, null);
            } else {
                send(exchange, 404, errors());
            }
        }
    }

    private void health(HttpExchange exchange) throws IOException {
        JsonObject body = Json.object().add("initialized", true).add("sealed", sealed).add("standby", sealed)
                .add("performance_standby", false).add("replication_performance_mode", "disabled")
                .add("replication_dr_mode", "disabled").add("server_time_utc", System.currentTimeMillis() / 1000)
                .add("version", "1.17.0").add("cluster_name", "fake-vault").add("cluster_id", "fake-cluster");
        send(exchange, sealed ? 503 : 200, body.toString());
    }

    private void login(HttpExchange exchange) throws IOException {
        JsonObject request = readJson(exchange);
        if (roleId == null || !roleId.equals(request.getString("role_id", null))
                || !secretId.equals(request.getString("secret_id", null))) {
            send(exchange, 400, errors("invalid role or secret ID"));
            return;
        }
        String token = "fake-approle-token-" + logins.incrementAndGet();
        tokens.add(token);
        send(exchange, 200, authResponse(token));
    }

    private void checkedLogin(HttpExchange exchange, LoginCheck check) throws IOException {
        String refusal;
        try {
            refusal = check.refusal(readJson(exchange));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            refusal = "interrupted";
        }
        if (refusal != null) {
            send(exchange, 400, errors(refusal));
            return;
        }
        String token = "fake-login-token-" + logins.incrementAndGet();
        tokens.add(token);
        send(exchange, 200, authResponse(token));
    }

    private void renew(HttpExchange exchange) throws IOException {
        if (!renewalsAllowed) {
            send(exchange, 403, errors("permission denied"));
            return;
        }
        renewals.incrementAndGet();
        send(exchange, 200, authResponse(exchange.getRequestHeaders().getFirst("X-Vault-Token")));
    }

    private void kvData(HttpExchange exchange, String key, String method) throws IOException {
        if (method.equals("GET")) {
            Map<String, String> values = data.get(key);
            if (values == null) {
                send(exchange, 404, errors());
                return;
            }
            JsonObject inner = Json.object();
            values.forEach(inner::add);
            JsonObject body = envelope().add("data", Json.object().add("data", inner).add("metadata", versionMetadata(key)));
            send(exchange, 200, body.toString());
        } else if (method.equals("POST") || method.equals("PUT")) {
            JsonObject request = readJson(exchange).get("data").asObject();
            Map<String, String> values = new LinkedHashMap<>();
            request.forEach(member -> values.put(member.getName(), member.getValue().asString()));
            data.put(key, values);
            versions.merge(key, 1, Integer::sum);
            send(exchange, 200, envelope().add("data", versionMetadata(key)).toString());
        } else {
            send(exchange, 405, errors());
        }
    }

    private JsonObject versionMetadata(String key) {
        return Json.object().add("created_time", "2026-11-27T00:00:00.000000Z").add("custom_metadata", Json.NULL)
                .add("deletion_time", "").add("destroyed", false).add("version", versions.getOrDefault(key, 0));
    }

    private String authResponse(String token) {
        JsonObject auth = Json.object().add("client_token", token).add("accessor", "accessor-" + token)
                .add("policies", Json.array("default", "flotilla")).add("token_policies", Json.array("default", "flotilla"))
                .add("metadata", Json.NULL).add("lease_duration", leaseSeconds).add("renewable", true)
                .add("entity_id", "").add("token_type", "service").add("orphan", true);
        return envelope().add("auth", auth).toString();
    }

    private static JsonObject envelope() {
        return Json.object().add("request_id", "fake-request").add("lease_id", "").add("renewable", false)
                .add("lease_duration", 0).add("wrap_info", Json.NULL).add("warnings", Json.NULL);
    }

    private static String errors(String... messages) {
        return Json.object().add("errors", Json.array(messages)).toString();
    }

    private static JsonObject readJson(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        return body.isBlank() ? Json.object() : Json.parse(body).asObject();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
