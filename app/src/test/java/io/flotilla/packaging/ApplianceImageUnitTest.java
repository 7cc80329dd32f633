package io.flotilla.packaging;

import io.flotilla.testing.ApplianceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the appliance the way the appliance image's systemd unit does ({@code packer/files/flotilla-appliance.service}):
 * its ExecStart (same java flags), an env file in the format of {@code flotilla-appliance.env.example} (read as
 * systemd reads an EnvironmentFile), its StateDirectory as working directory and data dir, as an unprivileged user
 * ({@code nobody}; the image's is {@code flotilla}), and gets /health UP. Two stand-ins, as the test cannot install an
 * image: {@code /usr/bin/java} is this JVM's java, and {@code -jar /opt/flotilla/flotilla.jar} is the jar's main class
 * on the app's runtime classpath (linked into a directory the user can read, as the jar is world-readable in
 * /opt/flotilla). The database is the embedded one (the example's empty FLOTILLA_DATABASE_URL).
 */
class ApplianceImageUnitTest {
    private static final Path UNIT = Path.of("../packer/files/flotilla-appliance.service");
    private static final Path ENV_EXAMPLE = Path.of("../packer/files/flotilla-appliance.env.example");
    private static final String NOBODY = "65534";

    @Test
    void theApplianceStartsAsItsUnitSaysAndIsHealthy(@TempDir Path tmp) throws Exception {
        assertThat(System.getProperty("user.name")).as("the test switches to an unprivileged user: it runs as root (as CI does)").isEqualTo("root");
        SystemdUnit unit = SystemdUnit.read(UNIT);
        assertThat(unit.get("Service", "User")).isEqualTo("flotilla");
        assertThat(unit.get("Service", "EnvironmentFile")).isEqualTo("/etc/flotilla/appliance.env");
        String stateDir = "/var/lib/" + unit.get("Service", "StateDirectory");
        assertThat(unit.get("Service", "WorkingDirectory")).isEqualTo(stateDir);
        List<String> exec = Arrays.asList(unit.get("Service", "ExecStart").split("\\s+"));
        assertThat(exec.get(0)).isEqualTo("/usr/bin/java");
        assertThat(exec.subList(exec.size() - 2, exec.size())).containsExactly("-jar", "/opt/flotilla/flotilla.jar");

        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path state = Files.createDirectories(tmp.resolve("state"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString(
                toRwx(Integer.parseInt(unit.get("Service", "StateDirectoryMode"), 8))));
        chown(state);
        int port = ApplianceProcess.freePort();
        Map<String, String> example = SystemdUnit.environmentFile(ENV_EXAMPLE);
        assertThat(example).containsKeys("FLOTILLA_PORT", "FLOTILLA_DATA_DIR", "FLOTILLA_DATABASE_URL").containsEntry("FLOTILLA_DATA_DIR", stateDir);
        Map<String, String> rendered = new LinkedHashMap<>(example);
        rendered.put("FLOTILLA_PORT", Integer.toString(port));
        rendered.put("FLOTILLA_INSTANCE_TLS_PORT", Integer.toString(ApplianceProcess.freePort()));
        rendered.put("FLOTILLA_DATA_DIR", state.toString());
        rendered.put("FLOTILLA_CONSOLE_ENABLED", "false");
        rendered.put("FLOTILLA_LOCAL_PYTHON", "/usr/bin/python3");
        Path envFile = tmp.resolve("appliance.env");
        StringBuilder text = new StringBuilder("# rendered like render-appliance-env does\n");
        rendered.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(envFile, text);
        Files.setPosixFilePermissions(envFile, PosixFilePermissions.fromString("rw-------"));

        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(exec.subList(1, exec.size() - 2));
        command.addAll(List.of("-cp", readableClasspath(tmp.resolve("lib")), "io.flotilla.Application"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(state.toFile());
        builder.environment().clear();
        builder.environment().putAll(Map.of("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin", "LANG", "C.UTF-8",
                "HOME", state.toString(), "USER", "nobody", "LOGNAME", "nobody"));
        builder.environment().putAll(SystemdUnit.environmentFile(envFile)); // read as root, like systemd
        Path output = tmp.resolve("appliance.out");
        builder.redirectErrorStream(true).redirectOutput(output.toFile());
        Process appliance = builder.start();
        try {
            String health = awaitHealth(appliance, port, output, Duration.ofMinutes(4));
            assertThat(health).contains("\"status\":\"UP\"");
            // setpriv execs java: the process is the appliance's JVM
            String uid = Files.readAllLines(Path.of("/proc", Long.toString(appliance.pid()), "status")).stream()
                    .filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
            assertThat(uid.split("\\s+")[1]).as("the appliance runs unprivileged").isEqualTo(NOBODY);
            try (Stream<Path> written = Files.list(state)) {
                assertThat(written.toList()).as("it keeps its data in the state directory").isNotEmpty();
            }
        } finally {
            appliance.descendants().forEach(ProcessHandle::destroyForcibly);
            appliance.destroyForcibly();
            appliance.waitFor();
        }
    }

    private static String awaitHealth(Process appliance, int port, Path output, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!appliance.isAlive()) {
                throw new AssertionError("the appliance exited with " + appliance.exitValue() + ":\n" + Files.readString(output));
            }
            try {
                HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                if (reply.statusCode() == 200) {
                    return reply.body();
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no /health UP within " + timeout + ":\n" + Files.readString(output));
    }

    /** The app's runtime classpath (not the test classes), copied where the unprivileged user can read it. */
    private static String readableClasspath(Path lib) throws IOException {
        Files.createDirectories(lib);
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (entry.isBlank() || !Files.exists(source) || source.endsWith("test-classes")) {
                continue;
            }
            Path target = lib.resolve((n++) + "-" + source.getFileName());
            if (Files.isDirectory(source)) {
                copyTree(source, target);
            } else {
                // a copy, never a hard link: changing a link's mode would change the jar in the Maven repository too
                Files.copy(source, target);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
            }
            entries.add(target.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.setPosixFilePermissions(to, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    private static void chown(Path path) throws IOException, InterruptedException {
        Process chown = new ProcessBuilder("chown", NOBODY + ":" + NOBODY, path.toString()).inheritIO().start();
        assertThat(chown.waitFor()).isZero();
    }

    private static String toRwx(int mode) {
        StringBuilder rwx = new StringBuilder();
        for (int shift = 6; shift >= 0; shift -= 3) {
            int bits = (mode >> shift) & 7;
            rwx.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
        }
        return rwx.toString();
    }
}
