package io.flotilla.provider.local;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a system tool (getent, useradd, setpriv…) without a shell and returns its exit code and output. */
final class SystemCommand {
    private static final long TIMEOUT_SECONDS = 60;

    /** What the command did: exit code, and stdout with stderr. */
    record Outcome(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private SystemCommand() {
    }

    static Outcome run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Outcome(-1, command.get(0) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Outcome(process.exitValue(), new String(output, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            return new Outcome(-1, "cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(-1, command.get(0) + " was interrupted");
        }
    }
}
