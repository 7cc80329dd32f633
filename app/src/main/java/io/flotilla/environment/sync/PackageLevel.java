package io.flotilla.environment.sync;

/** How closely the cluster must match a package of the client's environment. */
public enum PackageLevel {
    /** Must match exactly (python major.minor, dask, distributed, the serialisers): a mismatch breaks the cluster. */
    CRITICAL,
    /** Installed at the client's version where PyPI has it, else the nearest release (with a warning). */
    LOOSE,
    /** Left out: tooling and platform-only packages the cluster does not need. */
    IGNORE;

    public String wire() {
        return name().toLowerCase();
    }
}
