package io.flotilla.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The appliance as a separate OS process, started the way {@code java -jar} would start it (same
 * main class, same classpath), so tests can kill -9 it and start it again.
 */
public final class ApplianceProcess implements AutoCloseable {
    private final Process process;
    private static final Map<Integer, Integer> TLS_PORTS = new java.util.concurrent.ConcurrentHashMap<>();
    private final int port;
    private final Path output;

    private ApplianceProcess(Process process, int port, Path output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    /** Starts the appliance with the given environment (plus a free FLOTILLA_PORT) and waits until /health is UP. */
    public static ApplianceProcess start(Map<String, String> env, Path output) throws IOException, InterruptedException {
        ApplianceProcess appliance = startNoWait(env, output);
        appliance.awaitHealthy();
        return appliance;
    }

    /** Starts the appliance without waiting for it (a test that makes it crash waits itself). */
    public static ApplianceProcess startNoWait(Map<String, String> env, Path output) throws IOException {
        if (!env.containsKey("FLOTILLA_DATA_DIR")) {
            // else the appliance would use (and write its log to) ~/.flotilla, shared by every run on the machine
            throw new IllegalArgumentException("Give the test appliance its own FLOTILLA_DATA_DIR (a temporary directory)");
        }
        int port = env.containsKey("FLOTILLA_PORT") ? Integer.parseInt(env.get("FLOTILLA_PORT")) : freePort();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.flotilla.Application");
        Map<String, String> environment = new HashMap<>(env);
        environment.put("FLOTILLA_PORT", Integer.toString(port));
        // the instance HTTPS port stays with the appliance's port across restarts, as instances know both
        environment.putIfAbsent("FLOTILLA_INSTANCE_TLS_PORT", Integer.toString(TLS_PORTS.computeIfAbsent(port, p -> freePortUnchecked())));
        environment.put("FLOTILLA_CONSOLE_ENABLED", "false");
        // the test interpreter, as in application-test.yml: no appliance process builds a runtime of its own
        environment.putIfAbsent("FLOTILLA_LOCAL_PYTHON", System.getenv().getOrDefault("FLOTILLA_TEST_PYTHON", "python3"));
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        return new ApplianceProcess(builder.start(), port, output);
    }

    /** Waits until /health answers 200 (two minutes at most). */
    public void awaitHealthy() throws IOException, InterruptedException {
        awaitHealthy(Duration.ofSeconds(120));
    }

    /** Waits for the process to end by itself and returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("The appliance is still running after " + timeout);
        }
        return process.exitValue();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Kills the JVM with SIGKILL, as a crash or an OOM killer would. */
    public void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> send(String method, String path, String token, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The appliance exited with " + process.exitValue() + ":\n" + Files.readString(output));
            }
            try {
                if (get("/health", null).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("The appliance did not become healthy within " + timeout + ":\n" + Files.readString(output));
    }

    /** A TCP port nobody listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int freePortUnchecked() {
        try {
            return freePort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                killHard();
            }
        }
    }
}
