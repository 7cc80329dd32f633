"""Run an instance's Dask process inside its software environment's container image.

When the bootstrap answer names an image (``software.image``, built by the appliance's ``aws`` image builder and
pushed to the account's ECR), the agent does not start Dask with its own interpreter: it logs in to the image's
registry with the instance role, pulls the image with ``docker`` or ``podman`` (whichever the worker image has)
and runs the very same ``dask scheduler`` / ``dask worker`` command line inside it, with the image's interpreter
(``/opt/flotilla/env/bin/python``), host networking (the scheduler and worker ports are the instance's own), the
agent's work directory (TLS key files and Dask config) mounted read-only at the same path (its ``state``
subdirectory read-write, for :mod:`flotilla.self_stop`'s marker), and the process's
environment passed by variable *name* only (``--env NAME``: the runtime copies the value from its own
environment), so that no token or key ever appears on a command line.

The registry password comes from ECR's GetAuthorizationToken with the instance role: through boto3 when it is
installed (``flotilla[aws]``, as log shipping uses it), else through the AWS CLI's ``aws ecr get-login-password``.
It reaches the runtime on standard input (``login --password-stdin``), never in argv or a file.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Mapping, Sequence

from flotilla import self_stop

IMAGE_PYTHON = "/opt/flotilla/env/bin/python"
RUNTIMES = ("docker", "podman")
ECR_REGISTRY = re.compile(r"^(?P<host>\d{12}\.dkr\.ecr\.(?P<region>[a-z0-9-]+)\.amazonaws\.com(?:\.cn)?)/")
# Variables of the host that describe the host and must not replace the image's own.
HOST_ONLY = frozenset({"PATH", "HOME", "HOSTNAME", "PWD", "OLDPWD", "SHLVL", "_", "USER", "LOGNAME", "SHELL", "TERM",
                       "VIRTUAL_ENV", "PYTHONHOME", "PYTHONEXECUTABLE", "INVOCATION_ID", "JOURNAL_STREAM"})
PULL_TIMEOUT_SECONDS = 1800
LOGIN_TIMEOUT_SECONDS = 120


class ContainerError(Exception):
    """The image could not be prepared or started; the message says why, in one sentence."""


def image_of(boot: Mapping) -> str | None:
    """The image the bootstrap answer says this instance runs in, or None (run natively)."""
    software = boot.get("software") or {}
    image = software.get("image") if isinstance(software, Mapping) else None
    return str(image) if image else None


def find_runtime() -> str:
    """The path of ``docker`` or ``podman`` on PATH; ContainerError when neither is there."""
    for name in RUNTIMES:
        path = shutil.which(name)
        if path:
            return path
    raise ContainerError("This instance must run its software environment's image, but neither docker nor podman"
                         " is installed (the worker image provides one: see docs/aws.md).")


def registry_password(region: str) -> str:
    """ECR's registry password for the instance role: boto3 when installed, else ``aws ecr get-login-password``."""
    try:
        import boto3
    except ImportError:
        boto3 = None
    if boto3 is not None:
        try:
            data = boto3.client("ecr", region_name=region).get_authorization_token()["authorizationData"][0]
        except Exception as e:  # noqa: BLE001 - botocore's errors are many; the message is what matters
            raise ContainerError(f"ECR refused a registry login in {region}: {e}") from e
        user, _, password = base64.b64decode(data["authorizationToken"]).decode().partition(":")
        if user != "AWS" or not password:
            raise ContainerError("ECR answered a registry login token of an unexpected form.")
        return password
    cli = shutil.which("aws")
    if cli is None:
        raise ContainerError("Logging in to ECR needs boto3 (pip install 'flotilla[aws]') or the AWS CLI; this"
                             " instance has neither.")
    result = subprocess.run([cli, "ecr", "get-login-password", "--region", region], capture_output=True, text=True,
                            timeout=LOGIN_TIMEOUT_SECONDS)
    if result.returncode != 0 or not result.stdout.strip():
        raise ContainerError(f"aws ecr get-login-password failed in {region}: {result.stderr.strip()}")
    return result.stdout.strip()


def login(runtime: str, image: str) -> None:
    """Log the runtime in to the image's ECR registry (nothing for an image elsewhere: public, or pulled as is)."""
    match = ECR_REGISTRY.match(image)
    if not match:
        return
    password = registry_password(match["region"])
    result = subprocess.run([runtime, "login", "--username", "AWS", "--password-stdin", match["host"]],
                            input=password, capture_output=True, text=True, timeout=LOGIN_TIMEOUT_SECONDS)
    if result.returncode != 0:
        raise ContainerError(f"{os.path.basename(runtime)} login to {match['host']} failed: {result.stderr.strip()}")


def pull(runtime: str, image: str) -> None:
    """Pull the image; ContainerError with the runtime's own message when it cannot."""
    result = subprocess.run([runtime, "pull", image], capture_output=True, text=True, timeout=PULL_TIMEOUT_SECONDS)
    if result.returncode != 0:
        raise ContainerError(f"{os.path.basename(runtime)} pull {image} failed: {result.stderr.strip()}")


def passed_variables(env: Mapping[str, str]) -> list[str]:
    """The names of the variables the Dask process gets inside the container: all but the host's own."""
    return sorted(name for name in env if name not in HOST_ONLY and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name))


def run_command(runtime: str, image: str, cmd: Sequence[str], env: Mapping[str, str], workdir: str, name: str) -> list[str]:
    """The runtime's command line that runs ``cmd`` (the native command, whose first word is the agent's python)
    inside ``image``; holds variable names only, never values."""
    workdir = os.path.abspath(workdir)
    state = str(self_stop.state_dir(Path(workdir)))  # the one writable place: the dead man's switch marks it
    argv = [runtime, "run", "--rm", "--name", re.sub(r"[^A-Za-z0-9_.-]", "-", name), "--network", "host",
            "--volume", f"{workdir}:{workdir}:ro", "--volume", f"{state}:{state}:rw", "--workdir", "/tmp"]
    for variable in passed_variables(env):
        argv += ["--env", variable]
    return argv + [image, IMAGE_PYTHON, *cmd[1:]]


def prepare(boot: Mapping, cmd: Sequence[str], env: Mapping[str, str], workdir: str) -> list[str]:
    """Log in, pull, and return the command line to exec instead of ``cmd``."""
    image = image_of(boot)
    if image is None:
        raise ContainerError("The bootstrap answer names no software image.")
    runtime = find_runtime()
    login(runtime, image)
    pull(runtime, image)
    return run_command(runtime, image, cmd, env, workdir, f"flotilla-{boot.get('instance') or boot['role']}")
