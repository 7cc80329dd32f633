"""A fake Flotilla appliance: the REST routes of CONTRACT.md on a local threaded HTTP server."""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlparse

from tests.fake import audit, usage as usage_routes
from tests.fake.accounts import FakeCloudAccounts, Refused
from tests.fake.aws import aws_policies
from tests.fake.clusters import CREATE_FIELDS, FakeCluster
from tests.fake.package_sync import FakePackageSync, SyncRefused
from tests.fake.usage import FakeUsage, UsageRefused

USER_TOKEN = "flt_test_user_token"
ADMIN_TOKEN = "flt_test_admin_token"  # an appliance administrator (only the admin routes accept it)
USERNAME, PASSWORD = "alice", "correct horse battery"
WORKSPACE = "ws"


class HttpError(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class FakeAppliance:
    """Holds users, clusters, one-time bootstrap tokens; every request is recorded in ``requests``."""

    def __init__(self, workdir: str, heartbeat_interval: float = 1.0, tls: bool = False):
        self.workdir = workdir
        self.heartbeat_interval = heartbeat_interval
        self.token_in_argv = False
        self.software_image: str | None = None  # bootstrap answers name it (software.image): container mode
        self.instance_env: dict[str, str] = {}  # what an instance's machine has besides (e.g. its role, a docker)
        self.clusters: list[FakeCluster] = []
        self.bootstrap_tokens: dict[str, tuple[FakeCluster, str, str]] = {}
        self.requests: list[tuple[str, str, dict | None]] = []
        self.queries: list[tuple[str, str, dict]] = []
        self.long_polls: list[tuple[str, str]] = []  # (cluster name, state waited on) of each waiting GET
        self.scripted_heartbeats: dict[str, object] = {}  # token -> callable(body) -> answer, for plugin tests
        self.cloud_accounts = FakeCloudAccounts((WORKSPACE,))
        self.package_sync = FakePackageSync()
        self.usage = FakeUsage(WORKSPACE)
        self.usage_warnings: list[str] = []  # sentences a create answers in usageWarnings (limits near or reached)
        self.must_change: dict[str, str] = {}  # username -> a password that serves only to choose a new one
        self.lock = threading.RLock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self.server.daemon_threads = True
        self.fingerprint = self._serve_tls() if tls else None
        scheme = "https" if tls else "http"
        self.url = f"{scheme}://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _serve_tls(self) -> str:
        """Serve HTTPS with a fresh self-signed-CA certificate, as the appliance's instance port does; its SHA-256
        fingerprint (colon-separated, as the appliance writes it)."""
        from cryptography.hazmat.primitives import serialization
        from cryptography.x509 import load_pem_x509_certificate

        from tests.fake.ca import TestCA

        cert_pem, key_pem = TestCA("fake-appliance").issue("fake-appliance")
        cert_file, key_file = os.path.join(self.workdir, "appliance-cert.pem"), os.path.join(self.workdir, "appliance-key.pem")
        with open(cert_file, "w") as f:
            f.write(cert_pem)
        with open(os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
            f.write(key_pem)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_file, key_file)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        der = load_pem_x509_certificate(cert_pem.encode()).public_bytes(serialization.Encoding.DER)
        return ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest())

    def start(self) -> "FakeAppliance":
        self.thread.start()
        return self

    def shutdown(self) -> None:
        for cluster in self.clusters:
            cluster.kill_all()
        self.server.shutdown()
        self.server.server_close()

    def issue_bootstrap(self, cluster: FakeCluster, role: str, instance: str) -> str:
        token = "boot_" + secrets.token_urlsafe(16)
        with self.lock:
            self.bootstrap_tokens[token] = (cluster, role, instance)
        return token

    def cluster(self, name: str) -> FakeCluster:
        for c in reversed(self.clusters):
            if c.name == name:
                return c
        raise HttpError(404, "not_found", f"There is no cluster named {name} in workspace {WORKSPACE}.")

    # ----- routing -----------------------------------------------------------------------------
    def handle(self, method: str, path: str, query: dict, token: str | None, body) -> tuple[int, object]:
        self.requests.append((method, path, body))
        self.queries.append((method, path, query))
        if method == "POST" and path == "/api/v1/auth/password":
            return self._change_password(body)
        if method == "POST" and path == "/api/v1/auth/token":
            if self.must_change.get(body.get("username")) == body.get("password"):
                raise HttpError(403, "password_change_required", "The password is right, but it must be changed before"
                                " it can be used: choose a new one with POST /api/v1/auth/password.")
            if body.get("username") != USERNAME or body.get("password") != PASSWORD:
                raise HttpError(401, "bad_credentials", "The username or password is wrong, or the user is disabled.")
            return 201, {"info": {"name": body.get("tokenName")}, "token": USER_TOKEN}
        if path == "/api/v1/agent/bootstrap":
            with self.lock:
                entry = self.bootstrap_tokens.pop(token or "", None)
            if entry is None:
                raise HttpError(401, "unauthenticated", "The bootstrap token is unknown, used or expired.")
            cluster, role, instance = entry
            return 200, cluster.bootstrap_body(role, instance)
        if path == "/api/v1/agent/heartbeat" and token in self.scripted_heartbeats:
            return 200, self.scripted_heartbeats[token](body)
        if path == "/api/v1/agent/heartbeat":
            cluster = next((c for c in self.clusters if c.heartbeat_token == token), None)
            if cluster is None:
                raise HttpError(401, "unauthenticated", "Unknown cluster token.")
            return 200, cluster.heartbeat(body)
        if token not in (USER_TOKEN, ADMIN_TOKEN):
            raise HttpError(401, "unauthenticated", "Missing or invalid API token.")
        if FakeCloudAccounts.owns(path):
            try:
                return self.cloud_accounts.handle(method, path, token == ADMIN_TOKEN, body)
            except Refused as e:
                raise HttpError(e.status, e.code, e.message) from e
        if method == "GET" and audit.owns(path):
            try:
                return 200, audit.handle(path, token == ADMIN_TOKEN, query)
            except audit.AuditRefused as e:
                raise HttpError(e.status, e.code, e.message) from e
        if usage_routes.owns(path):
            try:
                return self.usage.handle(method, path, token == ADMIN_TOKEN, query, body)
            except UsageRefused as e:
                raise HttpError(e.status, e.code, e.message) from e
        if method == "GET" and path == "/api/v1/providers/aws/policies":
            if token != ADMIN_TOKEN:
                raise HttpError(403, "forbidden", "Only appliance administrators can do this.")
            try:
                return 200, aws_policies(query)
            except ValueError as e:
                raise HttpError(400, "invalid_input", str(e)) from e
        if token != USER_TOKEN:
            raise HttpError(401, "unauthenticated", "Missing or invalid API token.")
        if path == "/api/v1/me":
            return 200, {"username": USERNAME, "displayName": "Alice", "applianceAdmin": False}
        if path == "/api/v1/workspaces":
            return 200, [{"name": WORKSPACE, "description": None, "role": "MEMBER"}]
        if FakePackageSync.owns(path):
            try:
                return self.package_sync.handle(method, path, body)
            except SyncRefused as e:
                raise HttpError(e.status, e.code, e.message) from e
        match = re.fullmatch(r"/api/v1/workspaces/([^/]+)/clusters(?:/([^/]+))?(?:/([a-z]+))?", path)
        if not match:
            raise HttpError(404, "not_found", f"No route {method} {path}.")
        workspace, name, action = (unquote(g) if g else None for g in match.groups())
        if workspace != WORKSPACE:
            raise HttpError(404, "not_found", f"There is no workspace named {workspace}.")
        return self._clusters(method, name, action, query, body)

    def _change_password(self, body: dict) -> tuple[int, object]:
        """POST /api/v1/auth/password as the appliance answers it (for the user that must change a password)."""
        username = body.get("username")
        if username not in self.must_change or self.must_change[username] != body.get("password"):
            raise HttpError(401, "bad_credentials", "The username or password is wrong, or the user is disabled.")
        if len(body.get("newPassword") or "") < 12 or body["newPassword"] == body["password"]:
            raise HttpError(400, "invalid_input", "A password must have between 12 and 256 characters and must not"
                            " be the username.")
        del self.must_change[username]
        return 201, {"info": {"name": body.get("tokenName")}, "token": USER_TOKEN}

    def _clusters(self, method: str, name: str | None, action: str | None, query: dict, body) -> tuple[int, object]:
        if name is None and method == "POST":
            unknown = set(body) - CREATE_FIELDS
            if unknown:
                raise HttpError(400, "invalid_input", f"Unknown fields: {sorted(unknown)}.")
            if body.get("name") and any(c.name == body["name"] and c.state in ("starting", "running")
                                        for c in self.clusters):
                raise HttpError(409, "conflict", f"A cluster named {body['name']} is already active.")
            cluster = FakeCluster(self, WORKSPACE, USERNAME, body)
            self.clusters.append(cluster)
            cluster.start()
            return 201, {**cluster.to_json(), "usageWarnings": list(self.usage_warnings)}
        if name is None:
            finished = {"true": True, "false": False, None: None}[query.get("finished")]
            items = [c.to_json() for c in self.clusters if (not query.get("status") or c.state == query["status"])
                     and (finished is None or c.finished == finished)]
            offset, limit = int(query.get("offset", 0)), int(query.get("limit", 50))
            return 200, {"items": items[offset:offset + limit], "total": len(items)}
        cluster = self.cluster(name)
        if action is None and method == "GET" and query.get("waitWhileState"):
            self.long_polls.append((name, query["waitWhileState"]))
            deadline = time.monotonic() + int(query.get("waitSeconds", 10))
            while cluster.state == query["waitWhileState"] and time.monotonic() < deadline:
                time.sleep(0.05)
        if action is None:
            return 200, cluster.to_json()
        if action == "credentials":
            return 200, cluster.credentials()
        if action == "logs":
            if cluster.logs_removed:
                raise HttpError(410, "logs_removed", f"The logs of cluster {cluster.name} were removed: the appliance "
                                "keeps the logs of local clusters for 30 days after their instances end "
                                "(flotilla.local.log-retention).")
            return 200, {"lines": _filter_logs(cluster.logs, query)}
        if action == "events" and method == "GET":
            return 200, list(cluster.events)
        if action == "scale":
            cluster.scale(int(body["nWorkers"]))
        elif action == "adapt":
            cluster.adapt(int(body["minimum"]), int(body["maximum"]), body.get("intervalSeconds"),
                          body.get("targetDurationSeconds"), body.get("waitCount"))
        elif action == "stop":
            cluster.stop(body.get("reason"))
        else:
            raise HttpError(404, "not_found", f"No action {action}.")
        return 200, cluster.to_json()


def _filter_logs(lines: list[dict], query: dict) -> list[dict]:
    selected = [line for line in list(lines)
                if (not query.get("role") or line["role"] == query["role"])
                and (not query.get("instance") or line["instance"] == query["instance"])
                and (not query.get("since") or line["time"] >= query["since"])
                and (not query.get("until") or line["time"] <= query["until"])
                and (not query.get("filter") or query["filter"] in line["message"])]
    return selected[-int(query.get("limit", 1000)):]  # the newest lines, oldest first, as the appliance answers


def _handler_for(appliance: FakeAppliance):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def _serve(self, method: str) -> None:
            url = urlparse(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            auth = self.headers.get("Authorization", "")
            token = auth[len("Bearer "):] if auth.startswith("Bearer ") else None
            length = int(self.headers.get("Content-Length") or 0)
            if self.headers.get("Content-Type") == "application/octet-stream":
                body = {"bytes": self.rfile.read(length), "sha256": self.headers.get("X-Content-SHA256")}
            else:
                body = json.loads(self.rfile.read(length) or b"null") if length else None
            try:
                status, payload = appliance.handle(method, url.path, query, token, body)
            except HttpError as e:
                status, payload = e.status, {"error": e.code, "message": e.message, "details": {}}
            text = isinstance(payload, str)  # a CSV answer
            data = b"" if payload is None else payload.encode() if text else json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/csv" if text else "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def do_PUT(self) -> None:
            self._serve("PUT")

        def do_DELETE(self) -> None:
            self._serve("DELETE")

    return Handler
