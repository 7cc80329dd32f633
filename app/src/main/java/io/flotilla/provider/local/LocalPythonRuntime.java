package io.flotilla.provider.local;

import java.nio.file.Path;

/**
 * The Python interpreter local instances run {@code -m flotilla.agent} with: a virtual environment holding
 * pinned dask/distributed and the flotilla package. The local provider is enabled only when a bean of
 * this type exists.
 */
public interface LocalPythonRuntime {
    /** Absolute path of the interpreter (e.g. {@code <venv>/bin/python}). */
    Path python();
}
