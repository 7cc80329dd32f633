package io.flotilla.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Python script with the test interpreter (the virtual environment bin/run-tests builds, with
 * dask, distributed and the flotilla client), as a user would from a notebook.
 */
public final class PythonScript {
    private PythonScript() {
    }

    /** The interpreter tests use: {@code FLOTILLA_TEST_PYTHON}, else the repository's {@code .venv}. */
    public static Path python() {
        String configured = System.getenv("FLOTILLA_TEST_PYTHON");
        Path path = configured != null ? Path.of(configured) : Path.of("..", ".venv", "bin", "python").toAbsolutePath().normalize();
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException("No test Python at " + path + ": run bin/run-tests (it builds .venv) or set FLOTILLA_TEST_PYTHON");
        }
        return path;
    }

    /** The script's exit code and output (stdout and stderr together). */
    public record Result(int exitCode, String output) {
    }

    public static Result run(Path script, Map<String, String> env, long timeoutSeconds, Path outputFile)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of(python().toString(), script.toString()));
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        // The client forwards local AWS credentials by default; tests have none, and must never ask the
        // instance-metadata address (not on this machine) for some.
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        builder.environment().put("AWS_CONFIG_FILE", "/nonexistent/flotilla-test-aws-config");
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/flotilla-test-aws-credentials");
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(outputFile.toFile());
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Script did not finish within " + timeoutSeconds + " s:\n" + Files.readString(outputFile));
        }
        return new Result(process.exitValue(), Files.readString(outputFile));
    }
}
