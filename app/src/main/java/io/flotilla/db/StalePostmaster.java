package io.flotilla.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * After the appliance was killed (kill -9, power loss) its embedded PostgreSQL may still run, or have
 * left {@code postmaster.pid} behind. This stops such a leftover server cleanly so the data directory
 * can be opened again.
 */
final class StalePostmaster {
    private static final Logger LOG = LoggerFactory.getLogger(StalePostmaster.class);

    private StalePostmaster() {
    }

    static void stopIfRunning(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return;
        }
        long pid = Long.parseLong(lines.get(0).trim());
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (process.isEmpty()) {
            return;
        }
        LOG.warn("A PostgreSQL (pid {}) left by a previous run still holds {}; stopping it", pid, pgData);
        process.get().destroy(); // SIGTERM: "smart" shutdown, waits for clients that are already gone
        try {
            process.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            process.get().destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IOException("Could not stop the leftover PostgreSQL " + pid, e);
        }
    }
}
