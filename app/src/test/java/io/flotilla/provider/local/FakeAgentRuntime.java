package io.flotilla.provider.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

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

    /**
     * The test interpreter (bin/test-venv makes it one that isolated instances, running as unprivileged uids, can
     * execute), resolved past the venv's symbolic links.
     */
    private static String realPython() throws IOException {
        return io.flotilla.testing.PythonScript.python().toRealPath().toString();
    }
}
