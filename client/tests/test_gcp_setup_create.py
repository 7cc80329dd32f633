"""``flotilla setup gcp --create`` with the Google API Python client against a fake IAM / Resource Manager server."""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from google.auth.credentials import AnonymousCredentials

from flotilla import cli, gcpcreate
from tests.fake.appliance import ADMIN_TOKEN
from tests.test_gcp_setup import gcp_appliance  # noqa: F401 (the fixture)

PROJECT = "data-prod-1"
PRINCIPAL = "flotilla-appliance@ops-proj1.iam.gserviceaccount.com"
WORKER = f"flotilla-worker@{PROJECT}.iam.gserviceaccount.com"


class FakeGoogle:
    """The IAM v1 and Resource Manager v3 routes setup calls, with Google's 409s for what exists and etags on policies."""

    def __init__(self):
        self.calls: list[tuple[str, str]] = []
        self.bodies: list[dict] = []
        self.roles: dict[str, dict] = {}
        self.accounts: set[str] = set()
        self.policies: dict[str, dict] = {}
        self.conflicts = 0  # setIamPolicy answers 409 this many times (a concurrent change)
        self.disabled = False
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _serve(self):
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}") if length else {}
                status, answer = fake.route(self.command, url.path, parse_qs(url.query), body)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PATCH = _serve

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=30)

    @staticmethod
    def error(status: int, message: str, reason: str = "") -> tuple[int, dict]:
        names = {400: "INVALID_ARGUMENT", 403: "PERMISSION_DENIED", 404: "NOT_FOUND", 409: "ALREADY_EXISTS"}
        error = {"code": status, "message": message, "status": names.get(status, "UNKNOWN")}
        if reason:
            error["details"] = [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": reason}]
        return status, {"error": error}

    def route(self, method: str, path: str, query: dict, body: dict) -> tuple[int, dict]:
        self.calls.append((method, path))
        self.bodies.append(body)
        if self.disabled:
            return self.error(403, "Identity and Access Management (IAM) API has not been used in project 123 before or it"
                                   " is disabled.", "SERVICE_DISABLED")
        if m := re.fullmatch(r"/v1/projects/([^/]+)/roles", path):
            name = f"projects/{m[1]}/roles/{body['roleId']}"
            if name in self.roles:
                return self.error(409, f"A role named {body['roleId']} in projects/{m[1]} already exists.")
            self.roles[name] = {**body["role"], "name": name, "etag": "BwY1"}
            return 200, self.roles[name]
        if m := re.fullmatch(r"/v1/(projects/[^/]+/roles/[^/:]+)(:undelete)?", path):
            role = self.roles.get(m[1])
            if role is None:
                return self.error(404, f"Role {m[1]} not found.")
            if m[2]:
                role.pop("deleted", None)
            elif method == "PATCH":
                if role.get("deleted"):
                    return self.error(400, "You can't update a deleted role.")
                for key in query["updateMask"][0].split(","):
                    role[key] = body[key]
                role["etag"] = role["etag"] + "x"
            return 200, role
        if m := re.fullmatch(r"/v1/projects/([^/]+)/serviceAccounts", path):
            email = f"{body['accountId']}@{m[1]}.iam.gserviceaccount.com"
            if email in self.accounts:
                return self.error(409, f"Service account {body['accountId']} already exists within project projects/{m[1]}.")
            self.accounts.add(email)
            return 200, {"email": email, "name": f"projects/{m[1]}/serviceAccounts/{email}"}
        if m := re.fullmatch(r"/v[13]/(projects/[^:]+):(get|set)IamPolicy", path):
            resource = m[1]
            if "/serviceAccounts/" in resource and resource.rsplit("/", 1)[1] not in self.accounts:
                return self.error(404, f"Unknown service account {resource}")
            policy = self.policies.setdefault(resource, {"version": 1, "etag": "ACAB", "bindings": []})
            if m[2] == "get":
                return 200, policy
            if self.conflicts:
                self.conflicts -= 1
                policy["etag"] += "z"  # someone else changed it meanwhile
                return self.error(409, "There were concurrent policy changes.")
            new = body["policy"]
            if new.get("etag") != policy["etag"]:
                return self.error(409, "There were concurrent policy changes.")
            self.policies[resource] = {**new, "etag": policy["etag"] + "n"}
            return 200, self.policies[resource]
        return self.error(404, f"No route {method} {path}")

    def members(self, resource: str, role: str) -> list[str]:
        return [m for b in self.policies.get(resource, {}).get("bindings", []) if b["role"] == role for m in b["members"]]


@pytest.fixture
def google(gcp_appliance, monkeypatch):
    fake = FakeGoogle()
    monkeypatch.setattr(gcpcreate, "API_ENDPOINTS", {"iam": fake.url, "cloudresourcemanager": fake.url})
    monkeypatch.setattr(gcpcreate, "default_credentials", lambda: (AnonymousCredentials(), PROJECT))
    monkeypatch.setenv("FLOTILLA_TOKEN", ADMIN_TOKEN)
    yield fake
    fake.close()


def run(*args: str):
    return CliRunner().invoke(cli.main, ["setup", "gcp", "--create", "--principal", PRINCIPAL, *args])


def test_create_makes_the_role_the_worker_account_and_the_three_bindings(google):
    result = run()
    assert result.exit_code == 0, result.output
    role = google.roles[f"projects/{PROJECT}/roles/flotilla_ongoing"]
    assert role["stage"] == "GA" and "compute.instances.create" in role["includedPermissions"]
    assert "iam.serviceAccounts.actAs" not in role["includedPermissions"]
    assert google.accounts == {WORKER}
    project = f"projects/{PROJECT}"
    assert google.members(project, f"{project}/roles/flotilla_ongoing") == [f"serviceAccount:{PRINCIPAL}"]
    assert google.members(project, "roles/logging.logWriter") == [f"serviceAccount:{WORKER}"]
    assert google.members(f"{project}/serviceAccounts/{WORKER}", "roles/iam.serviceAccountUser") == [f"serviceAccount:{PRINCIPAL}"]
    assert google.members(project, "roles/iam.serviceAccountUser") == [], "actAs is never granted on the project"
    assert ("POST", f"/v1/projects/{PROJECT}/roles") in google.calls
    assert ("POST", f"/v3/projects/{PROJECT}:setIamPolicy") in google.calls
    assert f"Created custom role projects/{PROJECT}/roles/flotilla_ongoing" in result.output
    assert f"Created service account {WORKER}" in result.output


def test_a_second_run_keeps_everything_and_adds_no_binding_twice(google):
    assert run().exit_code == 0
    writes = len([c for c in google.calls if c[1].endswith(":setIamPolicy")])
    second = run("--project", PROJECT)
    assert second.exit_code == 0, second.output
    assert "exists with these permissions: kept" in second.output
    assert f"Service account {WORKER} exists: kept" in second.output
    assert second.output.count("already has") == 3
    assert len([c for c in google.calls if c[1].endswith(":setIamPolicy")]) == writes
    assert google.members(f"projects/{PROJECT}", "roles/logging.logWriter") == [f"serviceAccount:{WORKER}"]


def test_an_existing_role_with_other_permissions_is_updated_and_a_deleted_one_undeleted(google):
    name = f"projects/{PROJECT}/roles/flotilla_ongoing"
    google.roles[name] = {"name": name, "title": "old", "description": "old", "stage": "BETA",
                          "includedPermissions": ["compute.instances.list"], "etag": "e1", "deleted": True}
    result = run()
    assert result.exit_code == 0, result.output
    assert "was deleted: undeleted it" in result.output and "updated it to the appliance's" in result.output
    assert google.roles[name]["stage"] == "GA" and len(google.roles[name]["includedPermissions"]) > 1
    patch = next(b for (m, p), b in zip(google.calls, google.bodies) if m == "PATCH")
    assert patch["etag"] == "e1"


def test_existing_bindings_are_kept_and_a_concurrent_policy_change_is_read_again(google):
    project = f"projects/{PROJECT}"
    google.policies[project] = {"version": 1, "etag": "E0", "bindings": [
        {"role": "roles/viewer", "members": ["user:alice@example.com"]},
        {"role": "roles/logging.logWriter", "members": ["serviceAccount:other@x-proj1.iam.gserviceaccount.com"]}]}
    google.conflicts = 1
    result = run()
    assert result.exit_code == 0, result.output
    bindings = {b["role"]: b["members"] for b in google.policies[project]["bindings"]}
    assert bindings["roles/viewer"] == ["user:alice@example.com"]
    assert bindings["roles/logging.logWriter"] == ["serviceAccount:other@x-proj1.iam.gserviceaccount.com",
                                                   f"serviceAccount:{WORKER}"]


def test_a_disabled_api_is_one_clear_line_and_exit_code_1(google):
    google.disabled = True
    result = run()
    assert result.exit_code == 1
    last = result.output.strip().splitlines()[-1]
    assert last.startswith(f"Error: Google refused /v1/projects/{PROJECT}/roles: the API is not enabled in the project")
    assert "Traceback" not in result.output


def test_create_needs_a_principal_and_takes_no_out(google, tmp_path):
    result = CliRunner().invoke(cli.main, ["setup", "gcp", "--create"])
    assert result.exit_code == 2 and "--create needs --principal" in result.output
    result = run("--out", str(tmp_path / "x"))
    assert result.exit_code == 2 and not (tmp_path / "x").exists()
    assert google.calls == []


def test_with_member_adds_once_and_leaves_conditional_bindings_alone():
    policy = {"bindings": [{"role": "r", "members": ["a"], "condition": {"expression": "true"}}], "etag": "x"}
    changed = gcpcreate.with_member(policy, "r", "a")
    assert changed["bindings"][1] == {"role": "r", "members": ["a"]} and changed["version"] == 3
    assert gcpcreate.with_member(changed, "r", "a") is None
    assert policy["bindings"] == [{"role": "r", "members": ["a"], "condition": {"expression": "true"}}]
