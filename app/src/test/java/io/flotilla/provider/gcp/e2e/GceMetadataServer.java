package io.flotilla.provider.gcp.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One played VM's metadata server, as far as the agent reads it: {@code GET /computeMetadata/v1/instance/preempted}
 * with {@code Metadata-Flavor: Google} (403 without it, as GCE's), answering {@code FALSE} or {@code TRUE} with an
 * {@code ETag}; {@code ?wait_for_change=true&last_etag=…} blocks until the value differs from that ETag's or
 * {@code timeout_sec} passes. Every other path is 404 (this VM has no service-account token to give).
 */
final class GceMetadataServer implements AutoCloseable {
    private static final String PATH = "/computeMetadata/v1/instance/preempted";
    private final HttpServer server;
    private final ExecutorService executor;
    private boolean preempted;

    private GceMetadataServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static GceMetadataServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "gce-metadata");
            thread.setDaemon(true);
            return thread;
        });
        GceMetadataServer metadata = new GceMetadataServer(server, executor);
        server.createContext("/", metadata::handle);
        server.setExecutor(executor);
        server.start();
        return metadata;
    }

    /** {@code host:port}, as {@code GCE_METADATA_HOST} wants it. */
    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized void preempted(boolean value) {
        preempted = value;
        notifyAll();
    }

    private static String etag(boolean value) {
        return value ? "preempted-true" : "preempted-false";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                send(exchange, 404, "not found", null);
                return;
            }
            if (!"Google".equals(exchange.getRequestHeaders().getFirst("Metadata-Flavor"))) {
                send(exchange, 403, "Missing Metadata-Flavor:Google header.", null);
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            boolean value;
            synchronized (this) {
                if ("true".equals(query.get("wait_for_change"))) {
                    long seconds = Long.parseLong(query.getOrDefault("timeout_sec", "60"));
                    long until = System.nanoTime() + seconds * 1_000_000_000L;
                    String last = query.getOrDefault("last_etag", etag(preempted));
                    while (etag(preempted).equals(last) && System.nanoTime() < until) {
                        wait(Math.max(1, (until - System.nanoTime()) / 1_000_000));
                    }
                }
                value = preempted;
            }
            send(exchange, 200, value ? "TRUE" : "FALSE", etag(value));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, String body, String etag) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Metadata-Flavor", "Google");
        exchange.getResponseHeaders().set("Content-Type", "application/text");
        if (etag != null) {
            exchange.getResponseHeaders().set("ETag", etag);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    @Override
    public void close() {
        synchronized (this) {
            notifyAll();
        }
        server.stop(0);
        executor.shutdownNow();
    }
}
