package io.flotilla.environment;

import io.flotilla.config.FlotillaConfig;
import jakarta.inject.Singleton;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Build logs as local files, {@code <data-dir>/environments/logs/<build id>.log}, one line per installer line.
 * Appending wakes readers that follow the log ({@link #awaitMore}).
 */
@Singleton
public class BuildLogFiles {
    /** Longest line kept; longer installer lines are cut. */
    static final int MAX_LINE = 4000;
    private final Path root;
    private final Object appended = new Object();

    public BuildLogFiles(FlotillaConfig config) {
        this.root = config.getDataDir().toAbsolutePath().normalize().resolve("environments").resolve("logs");
    }

    public Path file(UUID buildId) {
        return root.resolve(buildId + ".log");
    }

    public void append(UUID buildId, String line) {
        String text = line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + " [cut]" : line;
        try {
            Files.createDirectories(root);
            Files.writeString(file(buildId), text.replace('\n', ' ').replace('\r', ' ') + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the build log of " + buildId, e);
        }
        synchronized (appended) {
            appended.notifyAll();
        }
    }

    /** Lines after the first {@code after} (0: from the start), at most {@code limit}. */
    public List<String> read(UUID buildId, int after, int limit) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file(buildId), StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = reader.readLine()) != null && lines.size() < limit) {
                if (n++ >= after) {
                    lines.add(line);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the build log of " + buildId, e);
        }
        return lines;
    }

    /** The last {@code count} lines. */
    public List<String> tail(UUID buildId, int count) {
        List<String> all = read(buildId, 0, Integer.MAX_VALUE);
        return all.subList(Math.max(0, all.size() - count), all.size());
    }

    /** Waits until a line is appended on this replica or {@code millis} pass. */
    void awaitMore(long millis) throws InterruptedException {
        synchronized (appended) {
            appended.wait(Math.max(1, millis));
        }
    }

    public void delete(UUID buildId) {
        try {
            Files.deleteIfExists(file(buildId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
