package io.flotilla.environment.sync;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What package sync knows about packages by name (PEP 503 normal form): which must match exactly, which are
 * tooling or platform-only and stay out of a Linux cluster, and conda names whose PyPI distribution is named
 * differently.
 */
final class PackageKnowledge {
    /** The distribution the appliance substitutes with its own bundled wheel, never resolved from an index. */
    static final String FLOTILLA = "flotilla";
    /** Must match exactly: Dask's wire protocol and (de)serialisation. */
    static final Set<String> CRITICAL = Set.of("dask", "distributed", "cloudpickle", "msgpack", "tornado", "toolz",
            "lz4", "dask-expr");
    /** Installers, build back ends, notebook front ends: the cluster needs none of them. */
    private static final Set<String> TOOLING = Set.of("pip", "setuptools", "wheel", "distribute", "uv", "virtualenv",
            "pipenv", "pipx", "poetry", "poetry-core", "hatchling", "flit-core", "build", "twine", "pdm", "conda",
            "mamba", "micromamba", "ipykernel", "ipython", "debugpy", "notebook", "nbclassic", "nbconvert", "nbformat",
            "nbclient", "voila", "widgetsnbextension", "jedi", "parso", "prompt-toolkit", "matplotlib-inline", "comm");
    private static final List<String> TOOLING_PREFIXES = List.of("jupyter", "conda-", "nb-", "sphinx");
    /** Only for Windows or macOS: never installable or useful on a Linux cluster. */
    private static final Set<String> PLATFORM_ONLY = Set.of("pywin32", "pywin32-ctypes", "pywinpty", "wmi", "comtypes",
            "winkerberos", "windows-curses", "appnope", "macholib", "pyobjc", "pyobjc-core", "mac-alias", "ds-store");
    private static final List<String> PLATFORM_ONLY_PREFIXES = List.of("pyobjc-framework-");
    /** Conda packages that are libraries or the interpreter itself, with nothing to install from PyPI. */
    private static final Set<String> CONDA_ONLY = Set.of("python", "ca-certificates", "openssl", "tk", "xz", "zlib",
            "ncurses", "readline", "sqlite", "bzip2", "libffi", "pthread-stubs", "icu", "zstd", "lz4-c", "krb5",
            "arrow-cpp", "blas", "mkl", "intel-openmp", "openblas", "tbb", "yaml", "expat", "pcre2");
    private static final List<String> CONDA_ONLY_PREFIXES = List.of("lib", "_", "xorg-", "python-abi", "ld-impl");
    /** Conda names whose PyPI distribution has another name. */
    private static final Map<String, String> CONDA_TO_PYPI = Map.ofEntries(
            Map.entry("msgpack-python", "msgpack"), Map.entry("pytorch", "torch"), Map.entry("py-xgboost", "xgboost"),
            Map.entry("python-lz4", "lz4"), Map.entry("pytables", "tables"), Map.entry("matplotlib-base", "matplotlib"),
            Map.entry("python-graphviz", "graphviz"), Map.entry("python-blosc", "blosc"), Map.entry("pyqt", "pyqt5"),
            Map.entry("python-kubernetes", "kubernetes"), Map.entry("typing_extensions", "typing-extensions"),
            Map.entry("pyarrow-core", "pyarrow"), Map.entry("importlib_metadata", "importlib-metadata"));

    private PackageKnowledge() {
    }

    static boolean isTooling(String name) {
        return TOOLING.contains(name) || TOOLING_PREFIXES.stream().anyMatch(name::startsWith);
    }

    static boolean isPlatformOnly(String name) {
        return PLATFORM_ONLY.contains(name) || PLATFORM_ONLY_PREFIXES.stream().anyMatch(name::startsWith);
    }

    static boolean isCondaOnly(String name) {
        return CONDA_ONLY.contains(name) || CONDA_ONLY_PREFIXES.stream().anyMatch(name::startsWith);
    }

    /** The PyPI name of a conda package (often the same). */
    static String pypiNameOfConda(String name) {
        return CONDA_TO_PYPI.getOrDefault(name, name);
    }
}
