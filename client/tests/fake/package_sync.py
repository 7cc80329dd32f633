"""The package-sync routes of the fake appliance: wheel uploads checked by hash, manifests recorded."""

from __future__ import annotations

import hashlib
import re

WHEEL_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9_.]*[A-Za-z0-9])?-[A-Za-z0-9_.!+]+(?:-[0-9][A-Za-z0-9_.]*)?"
                        r"-[A-Za-z0-9_.]+-[A-Za-z0-9_.]+-[A-Za-z0-9_.]+\.whl$")
ROUTE = re.compile(r"/api/v1/workspaces/([^/]+)/(wheels/[^/]+|package-sync)")


class SyncRefused(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class FakePackageSync:
    """Keeps uploaded wheels and every manifest; answers like the appliance (an environment per spec)."""

    def __init__(self):
        self.wheels: dict[tuple[str, str], bytes] = {}
        self.syncs: list[dict] = []
        self.refuse_with: str | None = None  # a sentence: answer refuse_status with it (422: failOn met)
        self.refuse_status, self.refuse_code = 422, "package_sync_refused"
        self.warnings: list[str] = []  # sentences the next answers carry

    @staticmethod
    def owns(path: str) -> bool:
        return ROUTE.fullmatch(path) is not None

    def handle(self, method: str, path: str, body) -> tuple[int, object]:
        route = ROUTE.fullmatch(path).group(2)
        if route.startswith("wheels/") and method == "PUT":
            filename = route[len("wheels/"):]
            if not WHEEL_NAME.match(filename):
                raise SyncRefused(400, "invalid_input", f"'{filename}' is not a wheel file name.")
            content, claimed = body["bytes"], body["sha256"]
            if hashlib.sha256(content).hexdigest() != claimed:
                raise SyncRefused(400, "content_hash_mismatch", "The bytes do not hash to X-Content-SHA256.")
            self.wheels[(filename, claimed)] = content
            return 200, {"filename": filename, "sha256": claimed}
        if route == "package-sync" and method == "POST":
            self.syncs.append(body)
            for p in body["manifest"]["packages"]:
                wheel = p.get("wheel")
                if wheel and (wheel["filename"], wheel["sha256"]) not in self.wheels:
                    raise SyncRefused(400, "wheel_not_uploaded", f"The wheel {wheel['filename']} was not uploaded.")
            if self.refuse_with:
                raise SyncRefused(self.refuse_status, self.refuse_code, self.refuse_with)
            pins = sorted(f"{p['name']}=={p['version']}" for p in body["manifest"]["packages"] if not p.get("wheel"))
            digest = hashlib.sha256("\n".join(pins).encode()).hexdigest()
            return 200, {"environment": {"name": f"package-sync-{digest[:12]}", "version": 1, "specHash": digest,
                                         "state": "queued", "failure": None, "buildId": None},
                         "packages": [], "warnings": list(self.warnings)}
        raise SyncRefused(404, "not_found", f"No route {method} {path}.")
