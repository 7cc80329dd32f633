package io.flotilla.provider.local.runtime;

import io.micronaut.core.annotation.Nullable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds one virtual environment from a {@link RuntimeBundle} into a fresh runtime directory: creates it (with uv
 * when given one, else {@code python -m venv}), installs the pinned requirements, then the bundled wheel with
 * {@code --no-deps --no-index} (so flotilla can only come from the appliance), and checks that
 * {@code import dask, distributed, flotilla} works and that flotilla is the one inside the environment.
 */
final class VenvBuilder {
    static final String VENV = "venv";
    private static final Duration QUICK_STEP = Duration.ofMinutes(2);
    private static final String VERIFY = "import dask, distributed, flotilla; print(flotilla.__file__)";

    private final String pythonForVenv;
    @Nullable
    private final Path uv;
    @Nullable
    private final String indexUrl;
    private final Duration timeout;

    /** {@code uv}: the uv executable to build with, or null to use venv and pip. */
    VenvBuilder(String pythonForVenv, @Nullable Path uv, @Nullable String indexUrl, Duration timeout) {
        this.pythonForVenv = pythonForVenv;
        this.uv = uv;
        this.indexUrl = indexUrl;
        this.timeout = timeout;
    }

    /** Commands for a build in {@code dir}, logging to {@code log}; the index URL travels in their environment. */
    BuildCommands commands(Path dir, Path log) {
        if (indexUrl == null) {
            return new BuildCommands(dir, log, Map.of());
        }
        return new BuildCommands(dir, log, Map.of("PIP_INDEX_URL", indexUrl, "UV_DEFAULT_INDEX", indexUrl));
    }

    /** Builds {@code dir/venv}; returns its interpreter. {@code dir} exists and holds nothing but the log. */
    Path build(Path dir, RuntimeBundle bundle, BuildCommands commands) throws RuntimeBuildException {
        Path venv = dir.resolve(VENV);
        Path python = venv.resolve("bin").resolve("python");
        Path requirements;
        Path wheel;
        try {
            requirements = bundle.writeRequirements(dir);
            wheel = bundle.writeWheel(dir);
        } catch (IOException e) {
            throw new RuntimeBuildException("cannot write the bundled files to " + dir + ": " + e.getMessage());
        }
        commands.note("# building with " + (uv != null ? "uv (" + uv + ")" : "venv and pip")
                + " from " + pythonForVenv);
        if (uv != null) {
            commands.run("create the environment", QUICK_STEP, List.of(uv.toString(), "venv", "--no-project",
                    "--no-python-downloads", "--seed", "--python", pythonForVenv, venv.toString()));
        } else {
            commands.run("create the environment", QUICK_STEP, List.of(pythonForVenv, "-m", "venv", venv.toString()));
        }
        commands.run("install the pinned requirements", timeout, install(python, "-r", requirements.toString()));
        commands.run("install the bundled flotilla wheel", QUICK_STEP,
                install(python, "--no-deps", "--no-index", wheel.toString()));
        String location = commands.capture("verify", QUICK_STEP, List.of(python.toString(), "-c", VERIFY)).trim();
        String[] lines = location.split("\\R");
        Path flotilla = Path.of(lines[lines.length - 1]);
        if (!flotilla.isAbsolute() || !insideVenv(flotilla, venv)) {
            commands.note("flotilla was imported from " + location + ", not from " + venv);
            throw new RuntimeBuildException("verify: flotilla was imported from " + location
                    + ", not from the bundled wheel in " + venv);
        }
        return python;
    }

    private List<String> install(Path python, String... args) {
        List<String> command = new ArrayList<>();
        if (uv != null) {
            command.addAll(List.of(uv.toString(), "pip", "install", "--python", python.toString()));
        } else {
            command.addAll(List.of(python.toString(), "-m", "pip", "install", "--disable-pip-version-check",
                    "--no-input"));
        }
        command.addAll(List.of(args));
        return command;
    }

    private static boolean insideVenv(Path file, Path venv) {
        try {
            return file.toRealPath().startsWith(venv.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }
}
