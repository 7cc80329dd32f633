package io.flotilla.secrets.vault;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the GCE metadata server's identity endpoint
 * ({@code /computeMetadata/v1/instance/service-accounts/default/identity?audience=...&format=full}, only with
 * {@code Metadata-Flavor: Google}), issuing JWTs for one service account, signed with a key of its own (HS256 here;
 * Google signs RS256). {@link #vaultLogin(String)} is the matching Vault GCP backend: signature, audience
 * {@code http://vault/<role>}, expiry and the full format's {@code google.compute_engine} claim. Test code only.
 */
public final class FakeGceMetadataServer implements AutoCloseable {
    public static final String SERVICE_ACCOUNT = "flotilla-appliance@project-1.iam.gserviceaccount.com";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final byte[] key = new byte[32];
    private final HttpServer server;
    private final AtomicInteger issued = new AtomicInteger();

    public FakeGceMetadataServer() throws IOException {
        new SecureRandom().nextBytes(key);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/computeMetadata/v1/instance/service-accounts/default/identity", this::identity);
        server.start();
    }

    /** host:port, the value of {@code flotilla.vault.gcp-metadata-host}. */
    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public int issued() {
        return issued.get();
    }

    /** The Vault GCP backend's check of a login for {@code role}. */
    public FakeVaultServer.LoginCheck vaultLogin(String role) {
        return request -> {
            if (!role.equals(request.getString("role", null))) {
                return "role \"" + request.getString("role", null) + "\" not found";
            }
            String[] parts = request.getString("jwt", "").split("\\.");
            if (parts.length != 3 || !MessageDigest.isEqual(sign(parts[0] + "." + parts[1]).getBytes(StandardCharsets.UTF_8),
                    parts[2].getBytes(StandardCharsets.UTF_8))) {
                return "unable to verify the JWT's signature";
            }
            JsonObject claims = Json.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)).asObject();
            if (!("http://vault/" + role).equals(claims.getString("aud", null))) {
                return "invalid audience (aud) claim: " + claims.getString("aud", null);
            }
            if (claims.getLong("exp", 0) < System.currentTimeMillis() / 1000) {
                return "the JWT has expired";
            }
            if (claims.get("google") == null) {
                return "the JWT lacks the compute_engine claims (format=full)";
            }
            return null;
        };
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void identity(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            if (!"Google".equals(exchange.getRequestHeaders().getFirst("Metadata-Flavor"))) {
                reply(exchange, 403, "Missing Metadata-Flavor:Google header.");
            } else if (query.get("audience") == null) {
                reply(exchange, 400, "non-empty audience parameter required");
            } else {
                long now = System.currentTimeMillis() / 1000;
                JsonObject claims = Json.object().add("aud", query.get("audience")).add("azp", "1234567890")
                        .add("email", SERVICE_ACCOUNT).add("iat", now).add("exp", now + 3600)
                        .add("iss", "https://accounts.google.com").add("sub", "1234567890");
                if ("full".equals(query.get("format"))) {
                    claims.add("google", Json.object().add("compute_engine", Json.object()
                            .add("instance_id", "42").add("instance_name", "flotilla-appliance-1")
                            .add("project_id", "project-1").add("zone", "europe-west1-b")));
                }
                String unsigned = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                        + "." + B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
                issued.incrementAndGet();
                reply(exchange, 200, unsigned + "." + sign(unsigned));
            }
        }
    }

    private String sign(String unsigned) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return B64.encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                values.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return values;
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
