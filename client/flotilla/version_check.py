"""Compare this client's Python and Dask stack with the versions the cluster's scheduler plugin reported.

The appliance passes on what the scheduler plugin saw next to the scheduler (python, dask, distributed,
cloudpickle, msgpack); the client checks them before it connects, so a mismatch is one sentence naming both
versions instead of a hang or a ``VersionMismatchError`` deep inside distributed.
"""

from __future__ import annotations

import platform
import warnings
from importlib import metadata

CRITICAL = ("python", "distributed", "dask", "cloudpickle", "msgpack")


class VersionMismatchError(RuntimeError):
    """The client cannot safely use the cluster: a critical package differs (or Python's major.minor)."""


class VersionMismatchWarning(UserWarning):
    """The client and the cluster differ in a way that usually works but may surprise."""


def _installed(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def local_versions() -> dict[str, str]:
    """This interpreter's versions of the packages the cluster must match (what the scheduler plugin reports)."""
    found = {"python": platform.python_version()}
    for name in CRITICAL[1:]:
        version = _installed(name)
        if version:
            found[name] = version
    return found


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def _difference(name: str, here: str, there: str) -> str:
    return f"{name} {here} here, {there} on the cluster"


def check(cluster_versions: dict | None, local: dict[str, str] | None = None, strict: bool = False) -> None:
    """Raise :class:`VersionMismatchError` when Python's major.minor differs, or, with ``strict``, any critical
    package; warn (:class:`VersionMismatchWarning`) for every other difference. Nothing reported: nothing to check."""
    if not cluster_versions:
        return
    local = local if local is not None else local_versions()
    remote = {k: str(v) for k, v in cluster_versions.items() if v}
    fatal, minor = [], []
    for name in CRITICAL:
        here, there = local.get(name), remote.get(name)
        if not here or not there or here == there:
            continue
        if name == "python" and _minor(here) == _minor(there):
            minor.append(_difference(name, here, there))
        elif name == "python" or strict:
            fatal.append(_difference(name, here, there))
        else:
            minor.append(_difference(name, here, there))
    if fatal:
        raise VersionMismatchError("The cluster's software does not match this environment: " + "; ".join(fatal)
                                   + ". Use the same versions here and on the cluster (package sync does that"
                                   " when neither software= nor container= is given).")
    if minor:
        warnings.warn("Version mismatch between this client and the cluster: " + "; ".join(minor)
                      + " (package_sync_strict=True refuses such a cluster).", VersionMismatchWarning, stacklevel=3)
