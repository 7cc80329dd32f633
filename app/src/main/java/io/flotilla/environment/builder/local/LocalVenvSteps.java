package io.flotilla.environment.builder.local;

import io.flotilla.environment.builder.BuildFailedException;
import io.flotilla.environment.builder.BuildLog;
import io.flotilla.environment.builder.EnvironmentSpec;
import io.flotilla.environment.builder.WheelRef;
import io.flotilla.environment.builder.WheelSource;
import io.flotilla.provider.local.runtime.RuntimeBundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** The steps of one local build in its directory, each a command run by {@link BuildProcess}. */
final class LocalVenvSteps {
    private static final Duration QUICK = Duration.ofMinutes(3);
    private final Path uv;
    private final Path dir;
    private final Map<String, String> env;
    private final Duration timeout;
    private final BuildLog log;

    LocalVenvSteps(Path uv, Path dir, Map<String, String> env, Duration timeout, BuildLog log) {
        this.uv = uv;
        this.dir = dir;
        this.env = env;
        this.timeout = timeout;
        this.log = log;
    }

    /** A virtual environment from the appliance's interpreter; returns its directory. */
    Path venv(String pythonForVenv) throws BuildFailedException, InterruptedException {
        Path venv = dir.resolve("venv");
        run("The virtual environment could not be created", QUICK, List.of(uv.toString(), "venv", "--no-project",
                "--no-python-downloads", "--python", pythonForVenv, venv.toString()));
        return venv;
    }

    /** A conda environment at {@code dir/venv} with only the spec's channels; returns its directory. */
    Path condaEnv(String condaExe, EnvironmentSpec spec) throws BuildFailedException, InterruptedException {
        Path prefix = dir.resolve("venv");
        List<String> command = new ArrayList<>(List.of(condaExe, "create", "--yes", "--prefix", prefix.toString(),
                "--override-channels"));
        spec.conda().channels().forEach(channel -> command.addAll(List.of("--channel", channel)));
        command.add("python=" + spec.python());
        command.addAll(spec.conda().dependencies());
        run("conda could not create the environment", timeout, command);
        return prefix;
    }

    void installRequirements(Path python, String requirements) throws BuildFailedException, InterruptedException {
        Path file = write("requirements.txt", requirements);
        run("uv could not install the requirements", timeout, List.of(uv.toString(), "pip", "install", "--python",
                python.toString(), "-r", file.toString()));
    }

    void installFlotilla(Path python, RuntimeBundle bundle) throws BuildFailedException, InterruptedException {
        Path wheel;
        try {
            wheel = bundle.writeWheel(dir);
        } catch (IOException e) {
            throw new BuildFailedException("The bundled flotilla wheel could not be written: " + e.getMessage());
        }
        run("The bundled flotilla wheel could not be installed", QUICK, List.of(uv.toString(), "pip", "install",
                "--python", python.toString(), "--no-deps", "--no-index", "--reinstall-package", "flotilla", wheel.toString()));
    }

    /** Copies the uploaded wheels (checking each one's SHA-256) and installs them without dependencies or index. */
    void installWheels(Path python, List<WheelRef> wheels, WheelSource source) throws BuildFailedException, InterruptedException {
        if (wheels.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(uv.toString(), "pip", "install", "--python", python.toString(),
                "--no-deps", "--no-index"));
        for (WheelRef wheel : wheels) {
            command.add(copy(wheel, source).toString());
        }
        run("The uploaded wheels could not be installed", timeout, command);
    }

    void verify(Path python, String code) throws BuildFailedException, InterruptedException {
        run("The environment does not import dask, distributed and flotilla", QUICK, List.of(python.toString(), "-c", code));
    }

    private Path copy(WheelRef wheel, WheelSource source) throws BuildFailedException {
        Path wheels = dir.resolve("wheels");
        Path target = wheels.resolve(wheel.filename()).normalize();
        if (!target.getParent().equals(wheels)) {
            throw new BuildFailedException("The wheel name " + wheel.filename() + " is not a plain file name.");
        }
        try (InputStream in = source.open(wheel)) {
            Files.createDirectories(wheels);
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            Files.copy(new DigestInputStream(in, digest), target);
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(wheel.sha256())) {
                throw new BuildFailedException("The uploaded wheel " + wheel.filename() + " has SHA-256 " + actual
                        + ", not " + wheel.sha256() + " as recorded.");
            }
            log.append("# copied the uploaded wheel " + wheel.filename());
            return target;
        } catch (IOException e) {
            throw new BuildFailedException("The uploaded wheel " + wheel.filename() + " could not be read: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path write(String name, String text) throws BuildFailedException {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new BuildFailedException("The build directory could not be written: " + e.getMessage());
        }
    }

    private void run(String what, Duration limit, List<String> command) throws BuildFailedException, InterruptedException {
        BuildProcess.run(what, command, dir, env, limit, log);
    }
}
