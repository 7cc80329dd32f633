"""The cluster routes of the REST contract (CONTRACT.md), one method per route."""

from __future__ import annotations

from typing import Any, Iterator

from flotilla import config
from flotilla.core import Api, FlotillaError, clusters_path

PAGE_SIZE = 50


def resolve_workspace(api: Api, workspace: str | None) -> str:
    """The workspace to use: the argument, else FLOTILLA_WORKSPACE / the config file, else the only one the user has."""
    workspace = workspace or config.load().workspace
    if workspace:
        return workspace
    names = [w["name"] for w in api.get("/api/v1/workspaces") or []]
    if len(names) == 1:
        return names[0]
    choices = ", ".join(names) if names else "none"
    raise FlotillaError("No workspace chosen: pass workspace=..., use --workspace, or set FLOTILLA_WORKSPACE "
                        f"(your workspaces: {choices}).")


class ClusterRoutes:
    """Calls to ``/api/v1/workspaces/{workspace}/clusters`` for one workspace."""

    def __init__(self, api: Api, workspace: str):
        self.api = api
        self.workspace = workspace

    def create(self, spec: dict[str, Any]) -> dict:
        return self.api.post(clusters_path(self.workspace), spec)

    def get(self, name: str, wait_while_state: str | None = None, wait_seconds: int = 10) -> dict:
        """The cluster; with ``wait_while_state``, the appliance answers once the cluster has left that state or
        after ``wait_seconds`` (1-30), whichever comes first (long polling)."""
        params = {"waitWhileState": wait_while_state, "waitSeconds": wait_seconds} if wait_while_state else None
        return self.api.get(clusters_path(self.workspace, name), params=params)

    def find(self, name: str) -> dict | None:
        """The newest cluster with that name, or None when there is none."""
        try:
            return self.get(name)
        except FlotillaError as e:
            if e.status == 404:
                return None
            raise

    def list(self, status: str | None = None, owner: str | None = None, finished: bool | None = None) -> Iterator[dict]:
        """Every cluster matching the filters, following the pages. ``status`` is a state as clusters show it;
        ``finished`` True keeps stopped and failed clusters, False the others (the appliance decides which)."""
        offset = 0
        while True:
            params = {"limit": PAGE_SIZE, "offset": offset}
            if status:
                params["status"] = status
            if finished is not None:
                params["finished"] = "true" if finished else "false"
            if owner:
                params["owner"] = owner
            page = self.api.get(clusters_path(self.workspace), params=params)
            items = page.get("items") or []
            yield from items
            offset += len(items)
            if not items or offset >= page.get("total", 0):
                return

    def scale(self, name: str, n_workers: int) -> dict:
        return self.api.post(clusters_path(self.workspace, name, "scale"), {"nWorkers": n_workers})

    def adapt(self, name: str, minimum: int, maximum: int, timing: dict | None = None) -> dict:
        """``timing``: ``intervalSeconds``, ``targetDurationSeconds``, ``waitCount`` (each only when given)."""
        body = {"minimum": minimum, "maximum": maximum, **(timing or {})}
        return self.api.post(clusters_path(self.workspace, name, "adapt"), body)

    def stop(self, name: str, reason: str | None = None) -> dict:
        return self.api.post(clusters_path(self.workspace, name, "stop"), {"reason": reason})

    def logs(self, name: str, role: str | None = None, instance: str | None = None, since: str | None = None,
             until: str | None = None, text: str | None = None, limit: int = 1000) -> list[dict]:
        params = {"role": role, "instance": instance, "since": since, "until": until, "filter": text,
                  "limit": limit}
        body = self.api.get(clusters_path(self.workspace, name, "logs"),
                            params={k: v for k, v in params.items() if v is not None})
        return body.get("lines") or []

    def events(self, name: str) -> list[dict]:
        return self.api.get(clusters_path(self.workspace, name, "events")) or []

    def credentials(self, name: str) -> dict:
        return self.api.get(clusters_path(self.workspace, name, "credentials"))
