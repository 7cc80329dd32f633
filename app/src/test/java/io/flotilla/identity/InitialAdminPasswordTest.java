package io.flotilla.identity;

import io.flotilla.testing.ApplianceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Quick start install (its own process, embedded defaults, no FLOTILLA_ADMIN_TOKEN): the initial
 * admin password is in a 0600 file whose path the log names, never in the log, and it works exactly
 * once, to choose a new password.
 */
class InitialAdminPasswordTest {
    private static final String NEW_PASSWORD = "a brand new admin password";

    @Test
    void theInitialPasswordIsKeptOutOfTheLogAndWorksOnceToSetANewOne(@TempDir Path dataDir) throws Exception {
        Path output = dataDir.resolve("process.out");
        try (ApplianceProcess appliance = ApplianceProcess.start(Map.of("FLOTILLA_DATA_DIR", dataDir.toString()), output)) {
            Path file = dataDir.resolve(InitialAdminPassword.FILE_NAME);
            assertThat(file).as("the initial password file").exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            String initial = Files.readString(file).trim();
            assertThat(initial).hasSizeGreaterThanOrEqualTo(20);
            Path logFile = dataDir.resolve("logs/flotilla.log");
            String logs = Files.readString(output) + Files.readString(logFile);
            assertThat(logs).as("the log names the file").contains(file.toString());
            assertThat(logs).as("the log never holds the password").doesNotContain(initial);

            HttpResponse<String> token = post(appliance, "/api/v1/auth/token", login(initial));
            assertThat(token.statusCode()).as(token.body()).isEqualTo(403);
            assertThat(token.body()).contains("\"password_change_required\"").contains("/api/v1/auth/password");

            HttpResponse<String> weak = post(appliance, "/api/v1/auth/password", change(initial, "short-pw"));
            assertThat(weak.statusCode()).as(weak.body()).isEqualTo(400);
            assertThat(weak.body()).contains("between 12 and 256 characters");
            HttpResponse<String> same = post(appliance, "/api/v1/auth/password", change(initial, initial));
            assertThat(same.statusCode()).as("the new password must differ").isEqualTo(400);
            assertThat(file).as("a refused change keeps the file").exists();

            HttpResponse<String> changed = post(appliance, "/api/v1/auth/password", change(initial, NEW_PASSWORD));
            assertThat(changed.statusCode()).as(changed.body()).isEqualTo(201);
            String newToken = changed.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
            assertThat(appliance.get("/api/v1/me", newToken).body()).contains("\"username\":\"admin\"");
            assertThat(file).as("the file is removed once the password is changed").doesNotExist();

            assertThat(post(appliance, "/api/v1/auth/token", login(initial)).statusCode())
                    .as("the initial password no longer signs in").isEqualTo(401);
            assertThat(post(appliance, "/api/v1/auth/password", change(initial, "yet another password")).statusCode())
                    .as("nor changes the password again").isEqualTo(401);
            assertThat(post(appliance, "/api/v1/auth/token", login(NEW_PASSWORD)).statusCode())
                    .as("the new password signs in").isEqualTo(201);
            assertThat(Files.readString(output) + Files.readString(logFile)).doesNotContain(initial).doesNotContain(NEW_PASSWORD);
        }
    }

    private static String login(String password) {
        return "{\"username\":\"admin\",\"password\":\"" + password + "\"}";
    }

    private static String change(String password, String newPassword) {
        return "{\"username\":\"admin\",\"password\":\"" + password + "\",\"newPassword\":\"" + newPassword + "\"}";
    }

    private static HttpResponse<String> post(ApplianceProcess appliance, String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(appliance.baseUrl() + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
