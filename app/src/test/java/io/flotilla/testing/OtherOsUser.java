package io.flotilla.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code psql} as the unprivileged OS user {@code nobody}, as any other user of the appliance's machine
 * could. Needs the tests to run as root (they do here) and {@code /usr/bin/psql}; skipped otherwise.
 */
public final class OtherOsUser {
    /** Exit code and combined output of one psql run. */
    public record Result(int exitCode, String output) {
    }

    private OtherOsUser() {
    }

    /** Skips the calling test unless this machine can run commands as {@code nobody}. */
    public static void assumeAvailable() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "tests must run as root to switch users");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/psql")), "psql is needed at /usr/bin/psql");
    }

    /**
     * {@code select 1} through psql as {@code nobody}, never prompting for a password.
     *
     * @param host     {@code 127.0.0.1} for TCP, or the Unix socket directory
     * @param password what {@code PGPASSWORD} holds (empty: no password)
     */
    public static Result psql(String host, int port, String password) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("su", "nobody", "-s", "/bin/sh", "-c",
                "cd / && exec /usr/bin/psql -w -X -h '" + host + "' -p " + port + " -U postgres -d postgres -tAc 'select 1'");
        builder.environment().put("PGPASSWORD", password);
        builder.environment().put("PGCONNECT_TIMEOUT", "30");
        builder.environment().remove("PGPASSFILE");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("psql as nobody did not end: " + output);
        }
        return new Result(process.exitValue(), output.strip());
    }
}
