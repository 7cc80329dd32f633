package io.flotilla.usage.notices;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A webhook receiver on loopback that records every POST and can refuse the first few with 503. */
final class WebhookReceiver implements AutoCloseable {
    /** One received request. */
    record Received(String timestamp, String signature, String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger refuse = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            attempts.incrementAndGet();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = 204;
            if (refuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                status = 503;
            } else {
                synchronized (received) {
                    received.add(new Received(exchange.getRequestHeaders().getFirst("X-Flotilla-Timestamp"),
                            exchange.getRequestHeaders().getFirst("X-Flotilla-Signature"), body));
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Answers 503 to the next n requests. */
    void refuseNext(int n) {
        refuse.set(n);
    }

    int attempts() {
        return attempts.get();
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Waits (polling, up to a minute) until at least n requests were accepted. */
    List<Received> await(int n) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (received().size() < n && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        return received();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
