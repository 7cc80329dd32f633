package io.flotilla.provider.local.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the build's commands without a shell, each with a time limit, in the runtime directory, their output
 * appended to {@code build.log} after a {@code $ command} line. The environment is the appliance's own, less
 * its FLOTILLA_* settings (secrets) and the PYTHON* / VIRTUAL_ENV variables that could point the interpreter
 * elsewhere, plus the given extras (never written to the log).
 */
final class BuildCommands {
    private final Path workDir;
    private final Path log;
    private final Map<String, String> extraEnv;
    private volatile Process current;
    private volatile boolean cancelled;

    BuildCommands(Path workDir, Path log, Map<String, String> extraEnv) {
        this.workDir = workDir;
        this.log = log;
        this.extraEnv = Map.copyOf(extraEnv);
    }

    /** Runs {@code command}; fails unless it exits 0 within {@code timeout}. */
    void run(String step, Duration timeout, List<String> command) throws RuntimeBuildException {
        execute(step, timeout, command, ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    /** Like {@link #run} but returns what the command printed (also appended to the log). */
    String capture(String step, Duration timeout, List<String> command) throws RuntimeBuildException {
        File out = workDir.resolve(step.replace(' ', '-') + ".out").toFile();
        try {
            execute(step, timeout, command, ProcessBuilder.Redirect.to(out));
        } finally {
            appendFile(out.toPath());
        }
        try {
            return Files.readString(out.toPath(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuntimeBuildException(step + ": cannot read its output: " + e.getMessage());
        }
    }

    /** Ends the running command (and its children) and makes later ones fail at once: the appliance is stopping. */
    void cancel() {
        cancelled = true;
        Process process = current;
        if (process != null) {
            BuildChildProcesses.killTree(process);
        }
    }

    void note(String line) {
        try {
            Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the log is best effort; the exception thrown by the failing step carries the reason
        }
    }

    private void execute(String step, Duration timeout, List<String> command, ProcessBuilder.Redirect output)
            throws RuntimeBuildException {
        if (cancelled) {
            throw new RuntimeBuildException(step + ": cancelled, the appliance is stopping");
        }
        note("$ " + String.join(" ", command));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(output);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(BuildChildProcesses::neverInherited);
        env.putAll(extraEnv);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            note("cannot start: " + e.getMessage());
            throw new RuntimeBuildException(step + ": cannot start " + command.get(0) + ": " + e.getMessage());
        }
        current = process;
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                BuildChildProcesses.killTree(process);
                note("timed out after " + timeout);
                throw new RuntimeBuildException(step + ": timed out after " + timeout);
            }
        } catch (InterruptedException e) {
            BuildChildProcesses.killTree(process);
            Thread.currentThread().interrupt();
            throw new RuntimeBuildException(step + ": interrupted");
        } finally {
            current = null;
        }
        if (cancelled) {
            throw new RuntimeBuildException(step + ": cancelled, the appliance is stopping");
        }
        if (process.exitValue() != 0) {
            note("exit code " + process.exitValue());
            throw new RuntimeBuildException(step + ": exit code " + process.exitValue());
        }
    }

    private void appendFile(Path file) {
        try {
            if (Files.exists(file)) {
                Files.write(log, Files.readAllBytes(file), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (IOException ignored) {
            // best effort, as note()
        }
    }
}
