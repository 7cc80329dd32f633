package io.flotilla.provider.aws;

import io.flotilla.testing.PythonScript;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real AWS API server for tests: moto's {@code moto_server} from the test virtual environment (next to
 * {@code FLOTILLA_TEST_PYTHON}), started once per test class on a free port and reset before each test.
 * Register with {@code @RegisterExtension static final MotoServer MOTO = new MotoServer();}.
 *
 * <p>{@link #withIamAuth()} gives a server of its own whose requests can be authenticated and authorised
 * against IAM (users, roles, their policies, role trust policies with {@code sts:ExternalId}): each test starts
 * with authorisation off, creates identities through {@link #iam()}, then calls {@link MotoIam#authOn()}.
 */
public class MotoServer implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    public static final String REGION = "us-east-1";
    /** Dummy credentials; tests check that they never reach an instance. */
    public static final String ACCESS_KEY_ID = "AKIAFLOTILLATEST0001";
    public static final String SECRET_KEY = "flotilla-test-secret-not-real";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final boolean iamAuth;
    private Process process;
    private URI endpoint;

    /** A server that accepts every request (no IAM authorisation). */
    public MotoServer() {
        this(false);
    }

    private MotoServer(boolean iamAuth) {
        this.iamAuth = iamAuth;
    }

    /** A server of its own that can check every request against IAM; see {@link #iam()}. */
    public static MotoServer withIamAuth() {
        return new MotoServer(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    /**
     * Starts the server unless it runs already and returns its endpoint: for a test appliance's properties,
     * which are read before the extension's beforeAll.
     */
    public URI startedEndpoint() {
        try {
            start();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return endpoint;
    }

    /** Starts the server unless it runs already (for tests that need its endpoint before beforeAll). */
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        Path motoServer = PythonScript.python().getParent().resolve("moto_server");
        if (!Files.isExecutable(motoServer)) {
            throw new IllegalStateException("No moto_server at " + motoServer + ": bin/run-tests installs moto[server]");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Path.of("target", "moto-" + port + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(motoServer.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // moto's request recorder (off until startRecording) writes here, not into the working directory
        builder.environment().put("MOTO_RECORDER_FILEPATH", log.resolveSibling("moto-" + port + "-recording.jsonl")
                .toAbsolutePath().toString());
        process = builder.start();
        endpoint = URI.create("http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() < 500) {
                    return;
                }
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("moto_server did not start; see " + log.toAbsolutePath(), e);
                }
            }
            Thread.sleep(200);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        int status = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 200) {
            throw new IllegalStateException("moto reset answered " + status);
        }
        if (iamAuth) {
            iam().authOff();
        }
    }

    /** Empties moto's request recording and starts it: every request moto receives from now on is kept, body and all. */
    public void startRecording() throws IOException, InterruptedException {
        for (String step : List.of("reset-recording", "start-recording")) {
            int status = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/recorder/" + step))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200) {
                throw new IllegalStateException("moto's recorder answered " + status + " to " + step);
            }
        }
    }

    /** What moto recorded since {@link #startRecording()}: one JSON object per request (headers, method, url, body). */
    public List<String> recording() throws IOException, InterruptedException {
        String body = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/recorder/download-recording")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(line -> !line.isBlank()).toList();
    }

    /** Identities and authorisation switches of a {@link #withIamAuth()} server. */
    public MotoIam iam() {
        if (!iamAuth) {
            throw new IllegalStateException("IAM authorisation needs MotoServer.withIamAuth()");
        }
        return new MotoIam(this, http);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            process.destroy();
            Process stopping = process;
            process = null;
            if (!stopping.waitFor(10, TimeUnit.SECONDS)) {
                stopping.destroyForcibly();
            }
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Clients pointed at this server with dummy static credentials and the given interceptors. */
    public AwsClients clients(ExecutionInterceptor... interceptors) {
        return new AwsClients(endpoint, StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_KEY)),
                List.of(interceptors));
    }

    /** Clients pointed at this server whose own credentials (the appliance's) are {@code credentials}. */
    public AwsClients clients(AwsCredentialsProvider credentials, ExecutionInterceptor... interceptors) {
        return new AwsClients(endpoint, credentials, List.of(interceptors));
    }
}
