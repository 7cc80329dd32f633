package io.flotilla.provider.aws;

import io.flotilla.testing.PythonScript;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A wheelhouse for the appliance to serve ({@code flotilla.agent.install.wheelhouse}), so that the VM player's
 * instances install their agent offline in seconds: filled once per test run by the test environment's pip from
 * its warm cache ({@code pip download} of the pinned runtime, the AWS and GCP extras and the uv wheel install.sh pins), in
 * a temporary directory removed when the JVM ends.
 */
public final class TestWheelhouse {
    private static Path filled;

    private TestWheelhouse() {
    }

    /** The filled wheelhouse (filled by the first call). */
    public static synchronized Path dir() {
        if (filled == null) {
            filled = fill();
        }
        return filled;
    }

    private static Path fill() {
        try {
            Path dir = Files.createTempDirectory("flotilla-wheelhouse");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            Path resources = Path.of("src/main/resources").toAbsolutePath();
            String uv = uvVersion(resources.resolve("agent/install.sh"));
            ProcessBuilder builder = new ProcessBuilder(PythonScript.python().toString(), "-m", "pip", "download",
                    "--quiet", "--only-binary=:all:", "--dest", dir.toString(),
                    "-r", resources.resolve("runtime/requirements.txt").toString(),
                    "-r", resources.resolve("agent/requirements-aws.txt").toString(),
                    "-r", resources.resolve("agent/requirements-gcp.txt").toString(), "uv==" + uv);
            Path log = dir.resolveSibling(dir.getFileName() + ".log");
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            Process process = builder.start();
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("pip download for the test wheelhouse failed: " + Files.readString(log));
            }
            Files.deleteIfExists(log);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The uv version install.sh installs ({@code UV_VERSION=…}). */
    static String uvVersion(Path installScript) throws IOException {
        return Files.readAllLines(installScript, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("UV_VERSION="))
                .map(l -> l.substring("UV_VERSION=".length()).trim()).findFirst()
                .orElseThrow(() -> new IllegalStateException("install.sh names no UV_VERSION"));
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at JVM exit
        }
    }
}
