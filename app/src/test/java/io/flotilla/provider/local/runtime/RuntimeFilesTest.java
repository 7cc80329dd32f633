package io.flotilla.provider.local.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** A runtime built under a strict umask is still readable and executable, never writable, by the instances' group. */
class RuntimeFilesTest {
    @TempDir
    Path dir;

    @Test
    void openToGroupAddsReadAndExecuteOnly() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("venv/bin"));
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwx------"));
        Path python = Files.writeString(bin.resolve("python"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwx------"));
        Path module = Files.writeString(bin.resolve("module.py"), "x = 1\n");
        Files.setPosixFilePermissions(module, PosixFilePermissions.fromString("rw-------"));

        RuntimeFiles.openToGroup(dir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bin))).isEqualTo("rwxr-x---");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(python))).isEqualTo("rwxr-x---");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(module))).isEqualTo("rw-r-----");
    }
}
