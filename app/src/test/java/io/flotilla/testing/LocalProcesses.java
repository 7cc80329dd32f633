package io.flotilla.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds the OS processes of local instances, as an operator would: by the instance id in their environment. */
public final class LocalProcesses {
    private LocalProcesses() {
    }

    /** Pids of live local-instance processes started under this data directory (their working directory is in it). */
    public static List<Long> pidsUnder(Path dataDir) {
        Path root = dataDir.toAbsolutePath().normalize();
        return pidsOf(null).stream().filter(pid -> {
            try {
                return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd")).startsWith(root);
            } catch (IOException | RuntimeException gone) {
                return false;
            }
        }).toList();
    }

    /**
     * Kills (SIGKILL) every live local-instance process started under this data directory and waits until they are
     * gone: local clusters outlive their appliance by design, so a test that ends must end them itself.
     */
    public static void killUnder(Path dataDir) {
        List<ProcessHandle> killed = pidsUnder(dataDir).stream().map(ProcessHandle::of).flatMap(java.util.Optional::stream)
                .peek(ProcessHandle::destroyForcibly).toList();
        for (ProcessHandle process : killed) {
            process.onExit().orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> process).join();
        }
    }

    /** Pids of live processes whose environment carries {@code FLOTILLA_INSTANCE_ID=<instanceId>} (or any, for null). */
    public static List<Long> pidsOf(String instanceId) {
        String needle = "FLOTILLA_INSTANCE_ID=" + (instanceId == null ? "" : instanceId);
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    String environ = new String(Files.readAllBytes(p.resolve("environ"))).replace('\0', '\n');
                    boolean match = environ.lines().anyMatch(l -> instanceId == null ? l.startsWith(needle) : l.equals(needle));
                    if (match && !Files.readString(p.resolve("stat")).contains(") Z ")) {
                        pids.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we looked, or is not ours to read
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return pids;
    }
}
