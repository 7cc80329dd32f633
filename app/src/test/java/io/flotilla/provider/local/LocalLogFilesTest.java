package io.flotilla.provider.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An isolated instance owns its directory, so it could plant a "log" that is a link to one of the appliance's
 * files, which the appliance (root) would then serve as the cluster's log: links are never followed.
 */
class LocalLogFilesTest {
    @TempDir
    Path dataDir;

    @Test
    void linksPlantedInAnInstanceDirectoryAreNotLogs() throws IOException {
        Path secret = Files.writeString(Files.createDirectories(dataDir.resolve("secrets")).resolve("master.key"), "KEY");
        LocalInstancePaths paths = new LocalInstancePaths(dataDir);
        String id = LocalInstancePaths.newInstanceId();
        Path dir = Files.createDirectories(paths.instanceDir(id).orElseThrow());
        Path agentLog = Files.writeString(dir.resolve(LocalInstancePaths.AGENT_LOG), "line one\nline two\n");
        Files.createSymbolicLink(dir.resolve("stolen.log"), secret);
        Files.createLink(dir.resolve("hard.log"), secret);

        List<Path> files = new LocalLogFiles(paths).logFiles(id);
        assertThat(files).containsExactly(agentLog);
        assertThat(LocalLogFiles.readLines(agentLog)).containsExactly("line one", "line two");
        assertThatThrownBy(() -> LocalLogFiles.readLines(dir.resolve("stolen.log")))
                .as("a log swapped for a link after it was listed").isInstanceOf(IOException.class);
    }
}
