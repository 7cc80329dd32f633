package io.flotilla.provider.local.runtime;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the Python runtime local instances run with ({@code flotilla.local.*}, beside
 * {@link io.flotilla.provider.local.LocalProviderConfig}). See docs/local-runtime.md.
 */
@ConfigurationProperties("flotilla.local")
public class LocalRuntimeConfig {
    /**
     * An interpreter to use as-is instead of building a virtual environment (tests, air-gapped installs): it must
     * already have the pinned packages and flotilla. An absolute path, or a bare name looked up on PATH.
     * Env: FLOTILLA_LOCAL_PYTHON.
     */
    @Nullable
    private String python;
    /**
     * The interpreter that creates the virtual environment ({@code python3 -m venv}, or {@code uv venv --python}).
     * Env: FLOTILLA_LOCAL_PYTHON_FOR_VENV.
     */
    private String pythonForVenv = "python3";
    /**
     * Package index the pinned requirements are installed from (a mirror or an internal proxy); unset means pip's
     * or uv's own default. Handed over in the environment, never on a command line or in the build log.
     * Env: FLOTILLA_LOCAL_PIP_INDEX_URL.
     */
    @Nullable
    private String pipIndexUrl;
    /** Longest one step of the build (creating the environment, installing) may take. Env: FLOTILLA_LOCAL_BUILD_TIMEOUT. */
    private Duration buildTimeout = Duration.ofMinutes(20);
    /**
     * For tests only: a requirements file used instead of the bundled {@code runtime/requirements.txt}. Not meant
     * for operators (the pins belong to the appliance build); no environment variable is documented for it.
     */
    @Nullable
    private Path requirementsOverride;

    @Nullable
    public String getPython() {
        return python;
    }

    public void setPython(@Nullable String python) {
        this.python = python == null || python.isBlank() ? null : python.trim();
    }

    public String getPythonForVenv() {
        return pythonForVenv;
    }

    public void setPythonForVenv(String pythonForVenv) {
        this.pythonForVenv = pythonForVenv == null || pythonForVenv.isBlank() ? "python3" : pythonForVenv.trim();
    }

    @Nullable
    public String getPipIndexUrl() {
        return pipIndexUrl;
    }

    public void setPipIndexUrl(@Nullable String pipIndexUrl) {
        this.pipIndexUrl = pipIndexUrl == null || pipIndexUrl.isBlank() ? null : pipIndexUrl.trim();
    }

    public Duration getBuildTimeout() {
        return buildTimeout;
    }

    public void setBuildTimeout(Duration buildTimeout) {
        this.buildTimeout = buildTimeout;
    }

    @Nullable
    public Path getRequirementsOverride() {
        return requirementsOverride;
    }

    public void setRequirementsOverride(@Nullable Path requirementsOverride) {
        this.requirementsOverride = requirementsOverride;
    }
}
