"""Compare the local Python, Dask and Distributed versions with the cluster's before connecting."""

from __future__ import annotations

import platform
import warnings

import dask
import distributed


class VersionMismatchError(RuntimeError):
    """The client cannot safely talk to the cluster (Python major.minor or distributed differ)."""


class VersionMismatchWarning(UserWarning):
    """The client and the cluster differ in a way that usually works but may surprise."""


def local_versions() -> dict[str, str]:
    return {"python": platform.python_version(), "dask": dask.__version__,
            "distributed": distributed.__version__}


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def check(cluster_versions: dict | None, local: dict[str, str] | None = None) -> None:
    """Raise for a Python major.minor or distributed mismatch; warn for dask or a Python patch mismatch."""
    if not cluster_versions:
        return
    local = local or local_versions()
    remote = {k: v for k, v in cluster_versions.items() if v}
    errors = []
    if "python" in remote and _minor(remote["python"]) != _minor(local["python"]):
        errors.append(f"python {local['python']} here, {remote['python']} on the cluster")
    if "distributed" in remote and remote["distributed"] != local["distributed"]:
        errors.append(f"distributed {local['distributed']} here, {remote['distributed']} on the cluster")
    if errors:
        raise VersionMismatchError("The cluster's software does not match this environment: " + "; ".join(errors)
                                   + ". Use the same versions locally (or a matching software environment).")
    notes = []
    if "python" in remote and remote["python"] != local["python"]:
        notes.append(f"python {local['python']} here, {remote['python']} on the cluster")
    if "dask" in remote and remote["dask"] != local["dask"]:
        notes.append(f"dask {local['dask']} here, {remote['dask']} on the cluster")
    if notes:
        warnings.warn("Version mismatch between this client and the cluster: " + "; ".join(notes),
                      VersionMismatchWarning, stacklevel=3)
