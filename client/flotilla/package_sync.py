"""Package sync: copy this Python environment to the cluster.

The client captures what is installed here (every distribution and its version, Python, platform, architecture,
``pip check`` problems), builds wheels of local and editable packages (PEP 610 ``direct_url.json``), uploads the
wheels and sends the manifest; the appliance decides what the cluster installs and records a software environment.
The ``flotilla`` distribution itself is never sent: PyPI holds an unrelated project of that name, so the appliance
always installs its own wheel instead.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

from flotilla.core import Api, segment
from flotilla.errors import FlotillaError

FAIL_ON = ("critical-only", "warning-or-higher", "any")
SELF = "flotilla"
BUILD_TIMEOUT_SECONDS = 300
# Wheels built with a fixed timestamp have the same bytes (and hash) while their sources are unchanged, so an
# unchanged environment names the same software environment and needs no new build (1980-01-01, the zip epoch).
REPRODUCIBLE_EPOCH = "315532800"
PIP_CHECK_TIMEOUT_SECONDS = 120
_NAME = re.compile(r"^([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9])$")


class PackageSyncError(FlotillaError):
    """The local environment could not be synced (a wheel did not build, or the appliance refused the manifest)."""


class PackageSyncWarning(UserWarning):
    """Package sync could not reproduce something exactly (the appliance's warnings, or no package sync at all)."""


def normalize(name: str) -> str:
    """The PEP 503 normal form of a distribution name."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Options:
    """``package_sync_strict``, ``package_sync_ignore`` and ``package_sync_fail_on``, checked."""

    strict: bool = False
    ignore: tuple[str, ...] = ()
    fail_on: str = "critical-only"

    @classmethod
    def of(cls, strict: object = False, ignore: object = None, fail_on: object = None) -> "Options":
        if not isinstance(strict, bool):
            raise ValueError(f"package_sync_strict must be True or False, got {strict!r}")
        if ignore is None:
            ignore = ()
        if isinstance(ignore, str) or not all(isinstance(n, str) and _NAME.match(n) for n in ignore):
            raise ValueError(f"package_sync_ignore must be a list of package names, got {ignore!r}")
        if fail_on is None:
            fail_on = "critical-only"
        if fail_on not in FAIL_ON:
            raise ValueError(f"package_sync_fail_on must be one of {', '.join(FAIL_ON)}, got {fail_on!r}")
        return cls(strict, tuple(ignore), fail_on)


def resolve(package_sync: object, software: str | None, container: str | None = None) -> bool:
    """Whether to sync: ``package_sync`` True/False, or None for the default (on when neither software nor
    container is given). Refuses package sync together with a software environment or a container."""
    if package_sync is not None and not isinstance(package_sync, bool):
        raise ValueError(f"package_sync must be True, False or None, got {package_sync!r}")
    if package_sync and (software or container):
        raise ValueError("package_sync=True cannot be combined with software= or container=: choose one")
    if package_sync is None:
        return not software and not container
    return package_sync


@dataclass
class LocalPackage:
    """A distribution installed from a local directory or file: what to build its wheel from."""

    name: str
    version: str
    source: str  # "editable" or "wheel"
    path: Path


@dataclass
class Capture:
    """The local environment as the manifest describes it, plus the local packages to build."""

    python: str
    platform: str
    architecture: str
    packages: list[dict] = field(default_factory=list)
    local: list[LocalPackage] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def manifest(self) -> dict:
        body = {"python": self.python, "platform": self.platform, "architecture": self.architecture,
                "packages": self.packages}
        if self.problems:
            body["problems"] = self.problems
        return body


def _local_origin(dist: importlib.metadata.Distribution) -> tuple[str, Path] | None:
    """("editable" | "wheel", path) for a distribution installed from a local file or directory (PEP 610)."""
    text = dist.read_text("direct_url.json")
    if not text:
        return None
    try:
        direct = json.loads(text)
    except ValueError:
        return None
    url = urlparse(direct.get("url") or "")
    if url.scheme != "file" or "vcs_info" in direct:
        return None
    path = Path(url2pathname(unquote(url.path)))
    editable = bool((direct.get("dir_info") or {}).get("editable"))
    return ("editable" if editable else "wheel"), path


def _installer(dist: importlib.metadata.Distribution) -> str:
    return (dist.read_text("INSTALLER") or "").strip().lower()


def capture() -> Capture:
    """What is installed in this interpreter's environment (the first of each name on sys.path wins)."""
    result = Capture(python=platform.python_version(), platform=sys.platform, architecture=platform.machine())
    seen: set[str] = set()
    for dist in importlib.metadata.distributions():
        name = dist.metadata["Name"]
        if not name or normalize(name) in seen:
            continue
        seen.add(normalize(name))
        if normalize(name) == SELF:
            continue  # the appliance installs its own flotilla wheel; never a requirement from an index
        version = dist.version
        origin = _local_origin(dist)
        if origin:
            source, path = origin
            result.local.append(LocalPackage(name, version, source, path))
            result.packages.append({"name": name, "version": version, "source": source})
        else:
            entry = {"name": name, "version": version}
            if _installer(dist) == "conda":
                entry["source"] = "conda"
            result.packages.append(entry)
    result.problems = pip_check()
    return result


def pip_check() -> list[str]:
    """The lines of ``pip check`` (broken requirements); empty when all is well or pip is not installed."""
    try:
        done = subprocess.run([sys.executable, "-m", "pip", "check"], capture_output=True, text=True,
                              timeout=PIP_CHECK_TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired):
        return []
    if done.returncode == 0 or "No module named pip" in done.stderr:
        return []
    return [line.strip()[:500] for line in done.stdout.splitlines() if line.strip()][:200]


def build_wheel(package: LocalPackage, out_dir: Path, timeout: float = BUILD_TIMEOUT_SECONDS) -> Path:
    """A wheel of a local package: the file itself when it is one, else built with ``uv build --wheel`` (when uv is
    installed) or ``pip wheel --no-deps``, within ``timeout`` seconds."""
    if package.path.is_file() and package.path.suffix == ".whl":
        return package.path
    if not package.path.exists():
        raise PackageSyncError(f"{package.name} {package.version} was installed from {package.path}, which no longer "
                               "exists, so its wheel cannot be built; reinstall it or pass package_sync_ignore="
                               f"[{package.name!r}].")
    out = Path(tempfile.mkdtemp(prefix="wheel-", dir=out_dir))
    uv = shutil.which("uv")
    command = ([uv, "build", "--wheel", "--out-dir", str(out), str(package.path)] if uv else
               [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out), str(package.path)])
    tool = "uv build" if uv else "pip wheel"
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, "SOURCE_DATE_EPOCH": REPRODUCIBLE_EPOCH})
    except subprocess.TimeoutExpired as e:
        raise PackageSyncError(f"Building a wheel of {package.name} from {package.path} with {tool} took longer than "
                               f"{timeout:g}s; fix its build or pass package_sync_ignore=[{package.name!r}].") from e
    wheels = sorted(out.glob("*.whl"))
    if done.returncode != 0 or not wheels:
        output = "\n".join((done.stderr or done.stdout or "").strip().splitlines()[-15:])
        raise PackageSyncError(f"Building a wheel of {package.name} from {package.path} with {tool} failed "
                               f"(exit {done.returncode}):\n{output}")
    return wheels[0]


def upload_wheel(api: Api, workspace: str, wheel: Path) -> dict:
    """PUT the wheel into the workspace; the appliance checks the bytes against X-Content-SHA256."""
    content = wheel.read_bytes()
    digest = hashlib.sha256(content).hexdigest()
    return api.request("PUT", f"/api/v1/workspaces/{segment(workspace)}/wheels/{segment(wheel.name)}", data=content,
                       headers={"Content-Type": "application/octet-stream", "X-Content-SHA256": digest})


def sync(api: Api, workspace: str, options: Options, captured: Capture | None = None) -> dict:
    """Capture (unless given), build and upload local wheels, send the manifest; the appliance's answer.

    The answer's warnings are issued as :class:`PackageSyncWarning`; a refusal (failOn met) raises
    :class:`PackageSyncError` with the appliance's sentence naming the packages.
    """
    captured = captured or capture()
    ignored = {normalize(n) for n in options.ignore}
    with tempfile.TemporaryDirectory(prefix="flotilla-package-sync-") as tmp:
        for package in captured.local:
            if normalize(package.name) in ignored:
                continue
            stored = upload_wheel(api, workspace, build_wheel(package, Path(tmp)))
            entry = next(p for p in captured.packages if p["name"] == package.name)
            entry["wheel"] = {"filename": stored["filename"], "sha256": stored["sha256"]}
    body = {"manifest": captured.manifest(), "strict": options.strict, "ignore": list(options.ignore),
            "failOn": options.fail_on}
    try:
        answer = api.post(f"/api/v1/workspaces/{segment(workspace)}/package-sync", body)
    except FlotillaError as e:
        if e.status == 422:
            raise PackageSyncError(e.message, status=e.status, code=e.code, details=e.details) from None
        raise
    for sentence in answer.get("warnings") or []:
        warnings.warn(f"package sync: {sentence}", PackageSyncWarning, stacklevel=3)
    return answer
