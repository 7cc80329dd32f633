package io.flotilla.provider.local;

import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The log files of a local instance, for the log engine. They outlive the instance: terminating it keeps
 * its directory so its logs stay readable.
 */
@Singleton
public class LocalLogFiles {
    private final LocalInstancePaths paths;

    public LocalLogFiles(LocalInstancePaths paths) {
        this.paths = paths;
    }

    /**
     * The instance's log files, {@code agent.log} (stdout and stderr of the agent and the Dask process it runs)
     * first, then any other {@code *.log} in its directory; empty for unknown ids.
     */
    public List<Path> logFiles(String instanceId) {
        Path dir = paths.instanceDir(instanceId).orElse(null);
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            // not a link: an isolated instance owns its directory and could plant a link to a file of the appliance
            return files.filter(file -> Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .filter(LocalLogFiles::singleLink)
                    .filter(file -> file.getFileName().toString().endsWith(".log"))
                    .sorted((a, b) -> isAgentLog(a) != isAgentLog(b) ? (isAgentLog(a) ? -1 : 1) : a.compareTo(b))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the instance's directory is still there (it is removed after {@code flotilla.local.log-retention}). */
    public boolean kept(String instanceId) {
        return paths.instanceDir(instanceId).map(Files::isDirectory).orElse(false);
    }

    /**
     * The lines of one of {@link #logFiles}, opened without following a link (the instance may have swapped the file
     * for one since it was listed), decoded as UTF-8 like {@link Files#readAllLines(Path)}.
     */
    public static List<String> readLines(Path file) throws IOException {
        try (java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(
                Files.newInputStream(file, java.nio.file.LinkOption.NOFOLLOW_LINKS),
                java.nio.charset.StandardCharsets.UTF_8.newDecoder()))) {
            List<String> lines = new java.util.ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
            return lines;
        }
    }

    private static boolean singleLink(Path file) {
        try {
            return ((Number) Files.getAttribute(file, "unix:nlink", java.nio.file.LinkOption.NOFOLLOW_LINKS)).intValue() == 1;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean isAgentLog(Path file) {
        return file.getFileName().toString().equals(LocalInstancePaths.AGENT_LOG);
    }
}
