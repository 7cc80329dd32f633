package io.flotilla.environment.builder.local;

import io.flotilla.error.ServiceException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The major.minor version of the interpreter environments are built from, asked once. */
final class LocalPythonVersion {
    private final String python;
    private volatile String version;

    LocalPythonVersion(String python) {
        this.python = python;
    }

    String get() {
        String known = version;
        if (known != null) {
            return known;
        }
        try {
            Process process = new ProcessBuilder(python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])")
                    .redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || !out.matches("3\\.[0-9]+")) {
                throw unavailable("it answered '" + out + "'");
            }
            version = out;
            return out;
        } catch (IOException e) {
            throw unavailable(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
    }

    private ServiceException unavailable(String why) {
        return ServiceException.unavailable("builder_python_unavailable", "The interpreter environments are built from ("
                + python + ") cannot be run: " + why + ".", null);
    }
}
