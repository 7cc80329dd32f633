package io.flotilla.provider.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * A {@link LocalPythonRuntime} for tests: its "python" is a shell wrapper that ignores {@code -m flotilla.agent}
 * and runs a small real Python script instead. The script prints the NAMES of its environment variables (and
 * the agent's work directory),
 * spawns a {@code sleep} child (printing {@code child <pid>}) and sleeps; in {@link Mode#IGNORE_TERM} it
 * ignores SIGTERM.
 */
final class FakeAgentRuntime implements LocalPythonRuntime {
    enum Mode { SLEEP, IGNORE_TERM }

    private static final String SCRIPT = String.join("\n",
            "import os, signal, subprocess, sys, time",
            "if sys.argv[1] == 'IGNORE_TERM':",
            "    signal.signal(signal.SIGTERM, signal.SIG_IGN)",
            "print('env-names ' + ' '.join(sorted(os.environ)), flush=True)",
            "print('workdir ' + os.environ.get('FLOTILLA_AGENT_WORKDIR', ''), flush=True)",
            "child = subprocess.Popen(['sleep', '300'])",
            "print('child %d' % child.pid, flush=True)",
            "time.sleep(300)",
            "");
    private final Path wrapper;

    FakeAgentRuntime(Path dir, Mode mode) {
        try {
            Files.createDirectories(dir);
            Path script = Files.writeString(dir.resolve("fake_agent.py"), SCRIPT);
            wrapper = dir.resolve("python-" + mode.name().toLowerCase());
            Files.writeString(wrapper, "#!/bin/sh\nexec '" + realPython() + "' '" + script + "' " + mode.name()
                    + " \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Path python() {
        return wrapper;
    }

    /** The interpreter behind {@code python3} on PATH (past any pyenv shim). */
    private static String realPython() throws IOException {
        Process process = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)").start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("python3 did not report its executable");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }
}
