package io.flotilla.environment.builder.local;

import io.flotilla.config.FlotillaConfig;
import io.flotilla.environment.RequirementLines;
import io.flotilla.environment.builder.BuildFailedException;
import io.flotilla.environment.builder.BuildLog;
import io.flotilla.environment.builder.BuildRequest;
import io.flotilla.environment.builder.BuiltArtifact;
import io.flotilla.environment.builder.EnvironmentSpec;
import io.flotilla.environment.builder.ImageBuilder;
import io.flotilla.error.ServiceException;
import io.flotilla.provider.local.runtime.Executables;
import io.flotilla.provider.local.runtime.LocalRuntimeConfig;
import io.flotilla.provider.local.runtime.RuntimeBuildException;
import io.flotilla.provider.local.runtime.RuntimeBundle;
import io.flotilla.provider.local.runtime.RuntimeFiles;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds software environments for clusters of this machine: one virtual environment per build under
 * {@code <data-dir>/environments/venvs/}, made by uv from the appliance's pinned interpreter. The appliance's pins
 * ({@code runtime/requirements.txt}) and the spec's requirements are resolved together (a pin the spec names is
 * the spec's), then the bundled flotilla wheel goes in with {@code --no-deps --no-index} (flotilla never comes from
 * an index), then uploaded wheels. Conda specs need {@code FLOTILLA_CONDA_EXE}; container images are not built here.
 */
@Singleton
public class LocalImageBuilder implements ImageBuilder {
    static final String READY = "ready";
    private static final Logger LOG = LoggerFactory.getLogger(LocalImageBuilder.class);
    private static final String VERIFY = "import dask, distributed, flotilla; print(flotilla.__file__)";
    private final LocalRuntimeConfig runtime;
    private final LocalBuilderConfig config;
    private final Path root;
    private final LocalPythonVersion pythonVersion;

    public LocalImageBuilder(LocalRuntimeConfig runtime, LocalBuilderConfig config, FlotillaConfig flotilla) {
        this.runtime = runtime;
        this.config = config;
        this.root = flotilla.getDataDir().toAbsolutePath().normalize().resolve("environments").resolve("venvs");
        this.pythonVersion = new LocalPythonVersion(runtime.getPythonForVenv());
    }

    @Override
    public String id() {
        return "local";
    }

    @Override
    public void check(EnvironmentSpec spec) {
        if (spec.container() != null) {
            throw ServiceException.invalid("container", "container: clusters of this machine run in virtual environments,"
                    + " not container images; give pip requirements (or a conda spec) instead.");
        }
        if (spec.conda() != null && config.getCondaExe() == null) {
            throw ServiceException.invalid("conda", "conda: this appliance has no conda or micromamba configured"
                    + " (FLOTILLA_CONDA_EXE), so it cannot build conda specs; give pip requirements instead.");
        }
        if (spec.gpu()) {
            throw ServiceException.invalid("gpuEnabled", "gpuEnabled: clusters of this machine have no GPUs; leave it out.");
        }
        String machine = machineArchitecture();
        if (!spec.architecture().equals(machine)) {
            throw ServiceException.invalid("architecture", "architecture: this machine is " + machine
                    + "; its clusters cannot run " + spec.architecture() + " software.");
        }
        if (spec.conda() == null) {
            String version = pythonVersion.get();
            if (!spec.python().equals(version)) {
                throw ServiceException.invalid("python", "python: this appliance builds environments with Python "
                        + version + " (" + runtime.getPythonForVenv() + "), not " + spec.python() + ".");
            }
        }
    }

    @Override
    public BuiltArtifact build(BuildRequest request, BuildLog log) throws BuildFailedException, InterruptedException {
        Path dir = root.resolve(request.specHash().substring(0, 16) + "-" + request.buildId().toString().substring(0, 8));
        Path python = dir.resolve("venv").resolve("bin").resolve("python");
        if (Files.isRegularFile(dir.resolve(READY)) && Files.isExecutable(python)) {
            log.append("# reusing " + dir + " (built before the appliance stopped)");
            return new BuiltArtifact("venv", python.toString());
        }
        Path uv = Executables.find(config.getUv()).orElseThrow(() -> new BuildFailedException("uv was not found ('"
                + config.getUv() + "'); install uv on the appliance or set FLOTILLA_ENVIRONMENTS_LOCAL_UV."));
        RuntimeBundle bundle;
        try {
            bundle = RuntimeBundle.load(LocalImageBuilder.class.getClassLoader(), runtime.getRequirementsOverride());
            RuntimeFiles.deleteTree(dir);
            Files.createDirectories(dir);
        } catch (RuntimeBuildException | IOException e) {
            throw new BuildFailedException("The build directory could not be prepared: " + e.getMessage());
        }
        LocalVenvSteps steps = new LocalVenvSteps(uv, dir, IndexEnvironment.of(request.index(), runtime.getPipIndexUrl()),
                runtime.getBuildTimeout(), log);
        EnvironmentSpec spec = request.spec();
        Path env = spec.conda() != null ? steps.condaEnv(config.getCondaExe(), spec) : steps.venv(runtime.getPythonForVenv());
        python = env.resolve("bin").resolve("python");
        List<String> specNames = new ArrayList<>(spec.pip().stream().map(RequirementLines::projectName).toList());
        if (spec.conda() != null) {
            spec.conda().dependencies().forEach(d -> specNames.add(RequirementLines.normalise(d.replaceFirst("^.*::", "")
                    .split("[ =<>!~]")[0])));
        }
        steps.installRequirements(python, merged(bundle.requirementsText(), spec.pip(), specNames));
        steps.installFlotilla(python, bundle);
        steps.installWheels(python, spec.wheels(), request.wheels());
        steps.verify(python, VERIFY);
        try {
            RuntimeFiles.openToGroup(dir);
            Files.writeString(dir.resolve(READY), request.buildId() + System.lineSeparator());
        } catch (IOException e) {
            throw new BuildFailedException("The environment was built but could not be marked ready: " + e.getMessage());
        }
        return new BuiltArtifact("venv", python.toString());
    }

    /** The appliance's pins less those the spec names, then the spec's lines. */
    static String merged(String pins, List<String> specLines, List<String> specNames) {
        StringBuilder out = new StringBuilder("# the appliance's pins (runtime/requirements.txt) less those the spec names\n");
        for (String line : pins.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (!specNames.contains(RequirementLines.projectName(trimmed))) {
                out.append(trimmed).append('\n');
            }
        }
        out.append("# the spec's requirements\n");
        specLines.forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }

    @Override
    public void delete(BuiltArtifact artifact) {
        Path python = Path.of(artifact.reference()).toAbsolutePath().normalize();
        Path dir = python.getParent() == null || python.getParent().getParent() == null ? null
                : python.getParent().getParent().getParent();
        if (dir == null || !"venv".equals(artifact.kind()) || !dir.startsWith(root) || dir.equals(root)) {
            LOG.warn("Not removing {}: it is not an environment of the local builder", artifact.reference());
            return;
        }
        try {
            RuntimeFiles.deleteTree(dir);
        } catch (IOException e) {
            LOG.warn("Could not remove the environment {}: {}", dir, e.getMessage());
        }
    }

    static String machineArchitecture() {
        String arch = System.getProperty("os.arch", "");
        return arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "x86_64";
    }

    Path root() {
        return root;
    }
}
