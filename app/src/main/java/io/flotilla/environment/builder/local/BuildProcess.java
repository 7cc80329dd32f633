package io.flotilla.environment.builder.local;

import io.flotilla.environment.builder.BuildFailedException;
import io.flotilla.environment.builder.BuildLog;
import io.flotilla.provider.local.runtime.BuildChildProcesses;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one build command without a shell, with a time limit: its output goes line by line into the build log
 * (which masks secrets), after a {@code $ command} line. The environment is the appliance's less its FLOTILLA_*
 * settings, the PYTHON*, VIRTUAL_ENV, CONDA_PREFIX and UV_* variables, plus {@code extraEnv} (never logged).
 */
final class BuildProcess {
    private static final int TAIL = 12;

    private BuildProcess() {
    }

    /** Runs {@code command}; fails with {@code what} and the command's last lines unless it exits 0 in time. */
    static void run(String what, List<String> command, Path workDir, Map<String, String> extraEnv, Duration timeout,
                    BuildLog log) throws BuildFailedException, InterruptedException {
        log.append("$ " + String.join(" ", command));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectErrorStream(true);
        builder.environment().keySet().removeIf(BuildProcess::scrubbed);
        builder.environment().putAll(extraEnv);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            log.append("cannot start " + command.get(0) + ": " + e.getMessage());
            throw new BuildFailedException(what + ": cannot start " + command.get(0) + " (" + e.getMessage() + ").");
        }
        Deque<String> tail = new ArrayDeque<>();
        Thread reader = new Thread(() -> copy(process, log, tail), "flotilla-build-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                BuildChildProcesses.killTree(process);
                log.append("timed out after " + timeout);
                throw new BuildFailedException(what + ": timed out after " + timeout.toMinutes() + " min.");
            }
            reader.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            BuildChildProcesses.killTree(process);
            throw e;
        }
        if (process.exitValue() != 0) {
            log.append("exit code " + process.exitValue());
            String last;
            synchronized (tail) {
                last = String.join("\n", tail).strip();
            }
            throw new BuildFailedException(what + " (exit code " + process.exitValue() + ")"
                    + (last.isEmpty() ? "." : ":\n" + last));
        }
    }

    private static void copy(Process process, BuildLog log, Deque<String> tail) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                log.append(line);
                synchronized (tail) {
                    if (!line.isBlank()) {
                        tail.addLast(line);
                    }
                    if (tail.size() > TAIL) {
                        tail.removeFirst();
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended or was killed; its exit code says what happened
        }
    }

    /** Besides what no build inherits, the appliance's own uv/pip settings: a spec's index comes only from extraEnv. */
    private static boolean scrubbed(String name) {
        return BuildChildProcesses.neverInherited(name) || name.startsWith("UV_") || name.startsWith("PIP_");
    }

}
