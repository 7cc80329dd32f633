"""The fake appliance's audit routes: entries, filters and errors shaped like the real ones."""

from __future__ import annotations

import re

ENTRIES = [
    {"id": 3, "at": "2026-12-01T10:00:05Z", "actor": "system", "action": "instance.terminate", "workspace": "ws",
     "target": "nightly", "requestId": None, "details": None, "kind": "engine", "cloudAccount": "prod",
     "cause": "idle", "resources": ["i-0abc", "i-0def"]},
    {"id": 2, "at": "2026-12-01T09:00:01Z", "actor": "alice", "action": "security_group.create", "workspace": "ws",
     "target": "nightly", "requestId": None, "details": "flotilla-c1 in vpc-1", "kind": "engine",
     "cloudAccount": "prod", "cause": "cluster created", "resources": ["sg-0123"]},
    {"id": 1, "at": "2026-12-01T09:00:00Z", "actor": "alice", "action": "cluster.create", "workspace": "ws",
     "target": "nightly", "requestId": "r-1", "details": "workers=2", "kind": "api", "cloudAccount": None,
     "cause": None, "resources": []},
]


class AuditRefused(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def owns(path: str) -> bool:
    return path == "/api/v1/audit" or re.fullmatch(r"/api/v1/workspaces/[^/]+/audit", path) is not None


def handle(path: str, admin: bool, query: dict) -> list[dict]:
    if not admin:
        raise AuditRefused(403, "forbidden", "Only appliance administrators can read the appliance-wide audit log.")
    kind, action, target = query.get("kind"), query.get("action"), query.get("target")
    if kind is not None and kind not in ("api", "engine"):
        raise AuditRefused(400, "invalid_input", "kind must be 'api' or 'engine'.")
    limit = int(query.get("limit", 100))
    if not 1 <= limit <= 500:
        raise AuditRefused(400, "invalid_input", "The limit must be between 1 and 500.")
    workspace = path.split("/")[4] if path != "/api/v1/audit" else None

    def matches(e: dict) -> bool:
        if action is not None:
            prefix = action.endswith(".*")
            if not (e["action"].startswith(action[:-1]) if prefix else e["action"] == action):
                return False
        return ((kind is None or e["kind"] == kind) and (target is None or e["target"] == target)
                and (workspace is None or e["workspace"] == workspace))
    return [e for e in ENTRIES if matches(e)][:limit]
