package io.flotilla.provider.local.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The uv path of {@link VenvBuilder} with a real uv from PyPI (installed into a temp folder for the test, since
 * this machine need not have one on PATH): the same pins and bundled wheel give a working environment.
 */
class VenvBuilderUvTest {
    @Test
    void buildsWithUv(@TempDir Path tmp) throws Exception {
        Path uv = installUv(tmp.resolve("uv-install"));
        Path dir = Files.createDirectories(tmp.resolve("runtime"));
        Path log = dir.resolve(VenvPythonRuntime.BUILD_LOG);
        VenvBuilder builder = new VenvBuilder("python3", uv, null, Duration.ofMinutes(15));

        Path python = builder.build(dir, RuntimeBundle.load(getClass().getClassLoader(), null),
                builder.commands(dir, log));

        assertThat(python).isEqualTo(dir.resolve("venv/bin/python")).isExecutable();
        String text = Files.readString(log);
        assertThat(text).contains(uv + " venv").contains(uv + " pip install --python " + python + " -r ")
                .contains("--no-deps --no-index");
        assertThat(Files.readString(dir.resolve("verify.out")).trim())
                .startsWith(dir.resolve("venv").toRealPath().toString());
    }

    private static Path installUv(Path target) throws Exception {
        Process process = new ProcessBuilder("python3", "-m", "pip", "install", "--disable-pip-version-check",
                "--no-input", "--target", target.toString(), "uv")
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        Path uv = target.resolve("bin/uv");
        assertThat(uv).isExecutable();
        return uv;
    }
}
