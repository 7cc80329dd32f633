package io.flotilla.environment.builder.local;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/** Settings of the local builder ({@code flotilla.environments.local.*}). */
@ConfigurationProperties("flotilla.environments.local")
public class LocalBuilderConfig {
    /** The uv executable builds run (a path, or a name looked up on PATH). Env: FLOTILLA_ENVIRONMENTS_LOCAL_UV. */
    private String uv = "uv";
    /**
     * conda or micromamba for conda specs (a path or a name on PATH); unset: conda specs are refused.
     * Env: FLOTILLA_CONDA_EXE (or FLOTILLA_ENVIRONMENTS_LOCAL_CONDA_EXE).
     */
    @Nullable
    private String condaExe = System.getenv("FLOTILLA_CONDA_EXE");

    public String getUv() {
        return uv;
    }

    public void setUv(String uv) {
        this.uv = uv == null || uv.isBlank() ? "uv" : uv.strip();
    }

    @Nullable
    public String getCondaExe() {
        return condaExe == null || condaExe.isBlank() ? null : condaExe.strip();
    }

    public void setCondaExe(@Nullable String condaExe) {
        this.condaExe = condaExe;
    }
}
