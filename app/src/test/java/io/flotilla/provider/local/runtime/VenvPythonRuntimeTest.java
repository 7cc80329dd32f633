package io.flotilla.provider.local.runtime;

import io.flotilla.error.ServiceException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The venv-backed runtime against real pip (or uv, when on PATH) and the real package index: one environment is
 * built per run, by two runtimes racing for it, and every test below looks at that one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VenvPythonRuntimeTest {
    @TempDir
    static Path dataDir;
    private Path python;
    private Path runtimeDir;
    private FileTime readyAt;

    @BeforeAll
    void buildOnce() throws Exception {
        VenvPythonRuntime first = new VenvPythonRuntime(new LocalRuntimeConfig(), dataDir);
        VenvPythonRuntime second = new VenvPythonRuntime(new LocalRuntimeConfig(), dataDir);
        long started = System.nanoTime();
        CompletableFuture<Path> one = CompletableFuture.supplyAsync(first::python);
        CompletableFuture<Path> other = CompletableFuture.supplyAsync(second::python);
        python = one.get(20, TimeUnit.MINUTES);
        System.out.printf("VenvPythonRuntimeTest: built the runtime in %d s%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        assertThat(other.get(20, TimeUnit.MINUTES)).as("both callers get the one environment").isEqualTo(python);
        assertThat(first.builds() + second.builds()).as("built once, though two runtimes asked at once").isEqualTo(1);
        runtimeDir = first.runtimeDir();
        readyAt = Files.getLastModifiedTime(runtimeDir.resolve(VenvPythonRuntime.READY));
    }

    @Test
    void buildsTheEnvironmentFromThePinsAndTheBundledWheel() throws Exception {
        assertThat(python).isEqualTo(runtimeDir.resolve("venv/bin/python"));
        assertThat(runtimeDir.getParent()).isEqualTo(dataDir.toAbsolutePath().resolve("runtime"));
        List<String> out = run(python, "-c", "import dask, distributed, flotilla; "
                + "print(dask.__version__); print(distributed.__version__); print(flotilla.__file__)");
        assertThat(out.get(0)).as("dask version").isEqualTo(pin("dask[array]"));
        assertThat(out.get(1)).as("distributed version").isEqualTo(pin("distributed"));
        assertThat(Path.of(out.get(2)).toRealPath()).as("flotilla comes from the environment")
                .startsWith(runtimeDir.resolve("venv").toRealPath());
        assertThat(runtimeDir.resolve(bundledWheelName())).as("the bundled wheel, extracted").isRegularFile();
        assertThat(Files.readString(runtimeDir.resolve(VenvPythonRuntime.BUILD_LOG)))
                .contains("--no-deps --no-index " + runtimeDir.resolve(bundledWheelName()));
    }

    @Test
    void reusesAReadyEnvironment() throws IOException {
        VenvPythonRuntime later = new VenvPythonRuntime(new LocalRuntimeConfig(), dataDir);
        assertThat(later.python()).isEqualTo(python);
        assertThat(later.python()).isEqualTo(python);
        assertThat(later.builds()).isZero();
        assertThat(Files.getLastModifiedTime(runtimeDir.resolve(VenvPythonRuntime.READY)))
                .as("ready marker untouched: nothing was rebuilt").isEqualTo(readyAt);
    }

    @Test
    void anExplicitInterpreterIsUsedAsIsAndNothingIsBuilt(@TempDir Path otherDataDir) {
        LocalRuntimeConfig config = new LocalRuntimeConfig();
        config.setPython("/opt/custom/bin/python3");
        VenvPythonRuntime runtime = new VenvPythonRuntime(config, otherDataDir);
        assertThat(runtime.python()).isEqualTo(Path.of("/opt/custom/bin/python3"));
        config.setPython(python.toString());
        assertThat(runtime.python()).isEqualTo(python);
        runtime.onStartup(null);
        assertThat(otherDataDir.resolve("runtime")).doesNotExist();
    }

    @Test
    void aBrokenRequirementFailsWithTheLogTailAndARetryStartsClean(@TempDir Path otherDataDir) throws IOException {
        Path requirements = Files.writeString(otherDataDir.resolve("broken-requirements.txt"),
                "flotilla-test-no-such-package-7f3a9c==0.0.1\n");
        LocalRuntimeConfig config = new LocalRuntimeConfig();
        config.setRequirementsOverride(requirements);
        VenvPythonRuntime runtime = new VenvPythonRuntime(config, otherDataDir);

        ServiceException failure = catchThrowableOfType(ServiceException.class, runtime::python);
        assertThat(failure.kind()).isEqualTo(ServiceException.Kind.UNAVAILABLE);
        assertThat(failure.code()).isEqualTo("local_runtime_build_failed");
        assertThat(failure.getMessage()).contains("install the pinned requirements")
                .contains("Last lines of").contains("flotilla-test-no-such-package-7f3a9c");
        Path dir = runtime.runtimeDir();
        assertThat(dir.resolve(VenvPythonRuntime.READY)).doesNotExist();
        assertThat(dir.resolve(VenvPythonRuntime.BUILD_LOG)).isRegularFile();

        Path leftover = Files.writeString(dir.resolve("leftover"), "from the failed build");
        assertThat(catchThrowableOfType(ServiceException.class, runtime::python).code())
                .isEqualTo("local_runtime_build_failed");
        assertThat(leftover).as("the retry started from an empty directory").doesNotExist();
        assertThat(dir.resolve(VenvPythonRuntime.READY)).doesNotExist();
    }

    private static List<String> run(Path python, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(python.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out.lines().toList();
    }

    /** The version pinned for {@code name} in the bundled requirements.txt. */
    private static String pin(String name) throws IOException {
        return resource(RuntimeBundle.REQUIREMENTS).lines()
                .filter(line -> line.startsWith(name + "=="))
                .map(line -> line.substring(name.length() + 2).trim())
                .findFirst().orElseThrow(() -> new AssertionError("no pin for " + name));
    }

    private static String bundledWheelName() throws IOException {
        return resource(RuntimeBundle.WHEEL_INDEX).trim();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = VenvPythonRuntimeTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name + " on the classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
