package io.flotilla.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real uv for tests of software environment builds, installed once from PyPI under target/ (the machine need not have one). */
public final class TestUv {
    private static Path uv;
    private static String base;

    private TestUv() {
    }

    public static synchronized Path path() {
        if (uv != null) {
            return uv;
        }
        Path target = Path.of("target", "test-uv").toAbsolutePath();
        Path candidate = target.resolve("bin/uv");
        if (!Files.isExecutable(candidate)) {
            try {
                Process process = new ProcessBuilder("python3", "-m", "pip", "install", "--disable-pip-version-check",
                        "--no-input", "--target", target.toString(), "uv").redirectErrorStream(true).start();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                    throw new IllegalStateException("Could not install uv for the tests: " + out);
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        uv = candidate;
        return uv;
    }

    /**
     * The interpreter the test Python was made from (every user can run it: bin/test-venv sees to that), for
     * {@code flotilla.local.python-for-venv}: environments built from it run under isolated local clusters too.
     */
    public static synchronized String baseInterpreter() {
        if (base != null) {
            return base;
        }
        try {
            Process process = new ProcessBuilder(PythonScript.python().toString(), "-c",
                    "import sys; print(sys._base_executable)").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("Cannot ask the test Python for its base interpreter: " + out);
            }
            base = out;
            return base;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The appliance settings of a test that builds real environments with the local builder, plus {@code more}: the
     * test's Python for agents, this uv, and venvs made from the base interpreter (runnable by isolated clusters).
     */
    public static Map<String, String> localBuildProperties(Map<String, String> more) {
        Map<String, String> properties = new HashMap<>(Map.of("flotilla.local.python", PythonScript.python().toString(),
                "flotilla.environments.local.uv", path().toString(),
                "flotilla.local.python-for-venv", baseInterpreter()));
        properties.putAll(more);
        return Map.copyOf(properties);
    }
}
