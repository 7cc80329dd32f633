"""Software environments: named, versioned package specs the appliance builds once and clusters run with.

>>> import flotilla
>>> flotilla.create_software_environment("analysis", pip=["pandas==2.2.3", "tabulate"])
>>> with flotilla.Cluster(software="analysis") as cluster: ...
"""

from __future__ import annotations

import hashlib
import time
from typing import Any, Iterator

from flotilla.core import Api, FlotillaError, segment
from flotilla.progress import StartProgress
from flotilla.rest import resolve_workspace

FINISHED = ("ready", "failed")


def environments_path(workspace: str, name: str | None = None) -> str:
    path = f"/api/v1/workspaces/{segment(workspace)}/software-environments"
    return path + f"/{segment(name)}" if name else path


class EnvironmentRoutes:
    """The software-environments routes of one workspace."""

    def __init__(self, api: Api, workspace: str):
        self.api = api
        self.workspace = workspace

    def create(self, body: dict[str, Any]) -> dict:
        return self.api.post(environments_path(self.workspace), body)

    def list(self) -> list[dict]:
        return self.api.get(environments_path(self.workspace))

    def get(self, name: str) -> dict:
        return self.api.get(environments_path(self.workspace, name))

    def delete(self, name: str) -> None:
        self.api.request("DELETE", environments_path(self.workspace, name))

    def logs(self, name: str, build_id: str, after: int = 0, follow: bool = False, wait_seconds: int = 10) -> dict:
        params: dict[str, Any] = {"after": after}
        if follow:
            params.update(follow="true", waitSeconds=wait_seconds)
        return self.api.get(environments_path(self.workspace, name) + f"/builds/{segment(build_id)}/logs", params)

    def follow(self, name: str, build_id: str) -> Iterator[str]:
        """Every line of the build's log, waiting for new ones until the build is over."""
        after = 0
        while True:
            page = self.logs(name, build_id, after, follow=True)
            yield from page["lines"]
            after = page["next"]
            if page["finished"]:
                return


def create_body(name: str, pip: list[str] | None = None, conda: dict | None = None, container: str | None = None,
                python: str | None = None, gpu_enabled: bool | None = None, architecture: str | None = None,
                force_rebuild: bool = False) -> dict:
    """The request body; the appliance checks every field (and answers with a sentence when one is wrong)."""
    if isinstance(pip, str):
        raise TypeError("pip must be a list of requirement lines, such as ['tabulate==0.9.0']")
    body: dict[str, Any] = {"name": name}
    if pip is not None:
        body["pip"] = list(pip)
    if conda is not None:
        if isinstance(conda, (list, tuple)):
            conda = {"channels": ["conda-forge"], "dependencies": list(conda)}
        body["conda"] = {"channels": list(conda.get("channels") or []),
                         "dependencies": list(conda.get("dependencies") or [])}
    if container is not None:
        body["container"] = container
    if python is not None:
        body["python"] = python
    if architecture is not None:
        body["architecture"] = architecture
    if gpu_enabled is not None:
        body["gpuEnabled"] = bool(gpu_enabled)
    if force_rebuild:
        body["forceRebuild"] = True
    return body


def container_environment_name(image: str) -> str:
    """The environment name ``flotilla.Cluster(container=...)`` records an image under."""
    return "container-" + hashlib.sha256(image.encode()).hexdigest()[:12]


def _routes(workspace: str | None, url: str | None, token: str | None) -> EnvironmentRoutes:
    api = Api(url=url, token=token)
    return EnvironmentRoutes(api, resolve_workspace(api, workspace))


def create_software_environment(name: str, pip: list[str] | None = None, conda: dict | list | None = None,
                                container: str | None = None, python: str | None = None,
                                gpu_enabled: bool | None = None, architecture: str | None = None,
                                force_rebuild: bool = False, workspace: str | None = None, wait: bool = False,
                                timeout: float = 3600, url: str | None = None, token: str | None = None) -> dict:
    """Create (or reuse: the same spec is built once) a software environment; returns its version.

    ``wait=True`` blocks until its build is ready (showing its progress) and raises FlotillaError with the
    installer's error when the build fails.
    """
    routes = _routes(workspace, url, token)
    env = routes.create(create_body(name, pip, conda, container, python, gpu_enabled, architecture, force_rebuild))
    return wait_for_build(routes, env, timeout) if wait else env


def wait_for_build(routes: EnvironmentRoutes, env: dict, timeout: float = 3600,
                   progress: StartProgress | None = None) -> dict:
    """Waits (long polling the build log) until the environment's build is over; returns the environment."""
    shown = progress or StartProgress()
    deadline = time.monotonic() + timeout
    after = 0
    try:
        while env["state"] not in FINISHED:
            if time.monotonic() > deadline:
                raise FlotillaError(f"Software environment {env['name']} was still {env['state']} after {timeout:g}s")
            page = routes.logs(env["name"], env["buildId"], after, follow=True)
            after = page["next"]
            shown.update(f"environment {env['name']}:{env['version']}", f"build {page['state']}")
            env = dict(env, state=page["state"])
        env = next(v for v in routes.get(env["name"])["versions"] if v["version"] == env["version"])
    finally:
        if progress is None:
            shown.done()
    if env["state"] == "failed":
        raise FlotillaError(f"Software environment {env['name']}:{env['version']} could not be built: {env['failure']}")
    return env


def list_software_environments(workspace: str | None = None, url: str | None = None,
                               token: str | None = None) -> list[dict]:
    """The newest version of every software environment of the workspace."""
    return _routes(workspace, url, token).list()


def delete_software_environment(name: str, workspace: str | None = None, url: str | None = None,
                                token: str | None = None) -> None:
    """Delete every version of the environment (refused while a cluster that is not finished uses it)."""
    _routes(workspace, url, token).delete(name)


def inspect_software_environment(name: str, workspace: str | None = None, url: str | None = None,
                                 token: str | None = None) -> dict:
    """The environment with all its versions and builds."""
    return _routes(workspace, url, token).get(name)
