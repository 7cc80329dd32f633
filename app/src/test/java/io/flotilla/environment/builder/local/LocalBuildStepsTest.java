package io.flotilla.environment.builder.local;

import io.flotilla.environment.builder.BuildFailedException;
import io.flotilla.environment.builder.CondaSpec;
import io.flotilla.environment.builder.EnvironmentSpec;
import io.flotilla.environment.builder.PackageIndex;
import io.flotilla.testing.TestUv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local builder's pieces: the appliance's pins and the spec resolved together (the spec's pin wins), the conda
 * command (only the spec's channels), the index credentials in the environment only, failures quoting the output.
 */
class LocalBuildStepsTest {
    @Test
    void aPinTheSpecNamesIsTheSpecs() {
        String merged = LocalImageBuilder.merged("# pins\ndistributed==2026.8.0\ndask[array]==2026.8.0\ntoolz==1.2.0\n",
                List.of("toolz==0.12.1", "tabulate==0.9.0"), List.of("toolz", "tabulate"));
        assertThat(merged).contains("distributed==2026.8.0\n", "dask[array]==2026.8.0\n", "toolz==0.12.1\n", "tabulate==0.9.0\n")
                .doesNotContain("toolz==1.2.0");
    }

    @Test
    void condaCreatesTheEnvironmentWithOnlyTheSpecsChannels(@TempDir Path tmp) throws Exception {
        Path args = tmp.resolve("args.txt");
        Path conda = tmp.resolve("fake-conda");
        Files.writeString(conda, "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + args + "\necho 'Solving environment: done'\n");
        Files.setPosixFilePermissions(conda, PosixFilePermissions.fromString("rwx------"));
        Path dir = Files.createDirectories(tmp.resolve("build"));
        List<String> log = new ArrayList<>();
        LocalVenvSteps steps = new LocalVenvSteps(TestUv.path(), dir, Map.of(), Duration.ofMinutes(1), log::add);
        EnvironmentSpec spec = new EnvironmentSpec(List.of(), new CondaSpec(List.of("conda-forge", "bioconda"),
                List.of("numpy=2.1", "samtools")), null, "3.11", "x86_64", false, List.of());

        Path prefix = steps.condaEnv(conda.toString(), spec);

        assertThat(prefix).isEqualTo(dir.resolve("venv"));
        assertThat(Files.readAllLines(args)).containsExactly("create", "--yes", "--prefix", prefix.toString(),
                "--override-channels", "--channel", "conda-forge", "--channel", "bioconda", "python=3.11", "numpy=2.1", "samtools");
        assertThat(log).contains("Solving environment: done");
    }

    @Test
    void theIndexTravelsInTheEnvironmentAndAFailureQuotesTheOutput(@TempDir Path tmp) {
        Map<String, String> env = IndexEnvironment.of(new PackageIndex("https://pkgs.example.com/simple/", "ci", "p@ss word"), null);
        assertThat(env).containsEntry("UV_EXTRA_INDEX_URL", "https://ci:p%40ss%20word@pkgs.example.com/simple/")
                .doesNotContainKey("UV_DEFAULT_INDEX");
        List<String> log = new ArrayList<>();
        assertThatThrownBy(() -> BuildProcess.run("the step failed", List.of("sh", "-c", "echo 'error: nothing here'; exit 3"),
                tmp, env, Duration.ofMinutes(1), log::add))
                .isInstanceOf(BuildFailedException.class).hasMessage("the step failed (exit code 3):\nerror: nothing here");
        assertThat(log).containsExactly("$ sh -c echo 'error: nothing here'; exit 3", "error: nothing here", "exit code 3");
    }
}
