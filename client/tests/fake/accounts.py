"""The fake appliance's cloud account routes: JSON and error sentences shaped like the real ones.

Access keys are kept apart from the account (as the real secret store does) and never sent back. The report of
``POST .../validate`` can be scripted per account through ``reports``.
"""

from __future__ import annotations

import json
import re
from urllib.parse import unquote

ACCOUNT_ROUTE = re.compile(r"/api/v1/cloud-accounts(?:/([^/]+))?(?:/([a-z]+))?")
BINDING_ROUTE = re.compile(r"/api/v1/workspaces/([^/]+)/cloud-account")
ROLE_ARN = re.compile(r"arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}")
REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d{1,2}")
GCP_REGION = re.compile(r"[a-z]+(-[a-z]+)+\d{1,2}")
GCP_PROJECT = re.compile(r"[a-z][-a-z0-9]{4,28}[a-z0-9]")
NETWORK_SUBNETS = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
OK_REPORT = {"ok": True, "checkedAt": "2026-11-27T10:00:00Z", "identityArn": "arn:aws:sts::123456789012:assumed-role/x/y",
             "accountId": "123456789012", "checks": [{"action": "sts:GetCallerIdentity", "ok": True, "detail": None}],
             "missing": [], "untested": [], "message": "The account is ready: every permission the appliance needs is there."}


class Refused(Exception):
    """An error answer: (status, code, message); the appliance turns it into its JSON error body."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class FakeCloudAccounts:
    def __init__(self, workspaces: tuple[str, ...]):
        self.workspaces = workspaces
        self.accounts: dict[str, dict] = {}
        self.keys: dict[str, dict] = {}        # the "secret store"
        self.bindings: dict[str, str] = {}     # workspace -> account
        self.binding_cidrs: dict[str, list[str]] = {}  # workspace -> its own allowed CIDRs
        self.reports: dict[str, dict] = {}     # account -> validation report

    def clear(self) -> None:
        """Forget every account, key, binding and report (between tests)."""
        self.accounts.clear()
        self.keys.clear()
        self.bindings.clear()
        self.binding_cidrs.clear()
        self.reports.clear()

    @staticmethod
    def owns(path: str) -> bool:
        return bool(ACCOUNT_ROUTE.fullmatch(path) or BINDING_ROUTE.fullmatch(path))

    def handle(self, method: str, path: str, admin: bool, body) -> tuple[int, object]:
        binding = BINDING_ROUTE.fullmatch(path)
        if binding:
            return self._binding(method, unquote(binding.group(1)), admin, body)
        if not admin:
            raise Refused(403, "forbidden", "Only appliance administrators can do this.")
        name, action = (unquote(g) if g else None for g in ACCOUNT_ROUTE.fullmatch(path).groups())
        if name is None and method == "POST":
            return 201, self._register(body)
        if name is None:
            return 200, [self._view(a) for _, a in sorted(self.accounts.items())]
        account = self._find(name)
        if method == "DELETE":
            if name in self.bindings.values():
                raise Refused(409, "cloud_account_in_use", f"Cloud account '{name}' is still bound to a workspace; "
                                                           "bind those workspaces elsewhere first.")
            del self.accounts[name]
            self.keys.pop(name, None)
            return 204, None
        if action == "validate":
            return 200, self.reports.get(name, OK_REPORT)
        if action == "network":
            account["subnetIds"] = list(NETWORK_SUBNETS)
        return 200, self._view(account)

    def _register(self, body: dict) -> dict:
        if body.get("provider") == "gcp":
            return self._register_gcp(body)
        creds = body.get("credentials") or {}
        if not REGION.fullmatch(body.get("region") or ""):
            raise Refused(400, "invalid_input", "region must be an AWS region name such as eu-central-1.")
        if creds.get("mode") == "assume_role" and not ROLE_ARN.fullmatch(creds.get("roleArn") or ""):
            raise Refused(400, "invalid_input", "credentials.roleArn must be an IAM role ARN such as "
                                                "arn:aws:iam::123456789012:role/flotilla-appliance.")
        if body["name"] in self.accounts:
            raise Refused(409, "cloud_account_exists", f"A cloud account named '{body['name']}' already exists.")
        key_id = creds.get("accessKeyId")
        if key_id:
            self.keys[body["name"]] = {"accessKeyId": key_id, "secretAccessKey": creds.get("secretAccessKey")}
        self.accounts[body["name"]] = {
            "name": body["name"], "provider": body.get("provider"), "region": body["region"],
            "credentials": {"mode": creds.get("mode"), "roleArn": creds.get("roleArn"),
                            "externalId": creds.get("externalId"),
                            "accessKeyIdHint": f"{key_id[:4]}…{key_id[-4:]}" if key_id else None,
                            "discouraged": creds.get("mode") == "access_keys"},
            "subnetIds": body.get("subnetIds") or [], "allowedCidrs": body.get("allowedCidrs") or [],
            "instanceProfileArn": body.get("instanceProfileArn"), "logRetentionDays": body.get("logRetentionDays", 30),
            "createdAt": "2026-11-27T09:00:00Z", "createdBy": "admin", "validation": None}
        return self._view(self.accounts[body["name"]])

    def _register_gcp(self, body: dict) -> dict:
        """A GCP account as the appliance keeps it: the key file in the "secret store", its id as a hint."""
        creds = body.get("credentials") or {}
        mode = creds.get("mode")
        if not GCP_REGION.fullmatch(body.get("region") or ""):
            raise Refused(400, "invalid_input", "region must be a Google Cloud region name such as europe-west4.")
        if not GCP_PROJECT.fullmatch(body.get("project") or ""):
            raise Refused(400, "invalid_input", "project is required: a project id such as acme-analytics (6 to 30"
                                                " lowercase letters, digits or dashes).")
        for zone in body.get("zones") or []:
            if not zone.startswith(body["region"] + "-"):
                raise Refused(400, "invalid_input", f"zones must be zones of region {body['region']}, such as "
                                                    f"{body['region']}-a; '{zone}' is not.")
        if body["name"] in self.accounts:
            raise Refused(409, "cloud_account_exists", f"A cloud account named '{body['name']}' already exists.")
        service_account, key_hint = creds.get("serviceAccount"), None
        if mode == "service_account_key":
            key = json.loads(creds["keyJson"])
            self.keys[body["name"]] = {"keyJson": creds["keyJson"]}
            service_account, key_id = key["client_email"], key["private_key_id"]
            key_hint = f"{key_id[:4]}…{key_id[-4:]}"
        descriptions = {"attached_service_account": "The appliance's own service account (metadata server or workload identity)",
                        "impersonate": f"Impersonates {service_account} (short-lived tokens)",
                        "service_account_key": f"Key {key_hint} of {service_account}; keys do not expire"}
        self.accounts[body["name"]] = {
            "name": body["name"], "provider": "gcp", "region": body["region"],
            "credentials": {"mode": mode, "roleArn": None, "externalId": None, "accessKeyIdHint": None,
                            "discouraged": mode == "service_account_key", "serviceAccount": service_account,
                            "keyIdHint": key_hint, "description": descriptions.get(mode, "?")},
            "subnetIds": body.get("subnetworks") or [], "allowedCidrs": body.get("allowedCidrs") or [],
            "instanceProfileArn": None, "logRetentionDays": 0, "project": body["project"],
            "zones": body.get("zones") or [], "network": body.get("network"),
            "workerServiceAccount": body.get("workerServiceAccount"),
            "createdAt": "2026-11-27T09:00:00Z", "createdBy": "admin", "validation": None}
        return self._view(self.accounts[body["name"]])

    def _binding(self, method: str, workspace: str, admin: bool, body) -> tuple[int, object]:
        if workspace not in self.workspaces:
            raise Refused(404, "workspace_not_found", f"No workspace '{workspace}' exists, or you cannot see it.")
        if method != "GET" and not admin:
            raise Refused(403, "forbidden", "Only appliance administrators can do this.")
        if method == "PUT":
            name = (body or {}).get("account")
            if name not in self.accounts:
                raise Refused(400, "invalid_input", f"There is no cloud account named '{name}'.")
            self.bindings[workspace] = name
            self.binding_cidrs[workspace] = list((body or {}).get("allowedCidrs") or [])
        elif workspace not in self.bindings:
            raise Refused(404, "cloud account binding of workspace_not_found",
                          f"No cloud account binding of workspace '{workspace}' exists, or you cannot see it.")
        elif method == "DELETE":
            del self.bindings[workspace]
            return 204, None
        account = self.accounts[self.bindings[workspace]]
        own = self.binding_cidrs.get(workspace) or []
        return 200, {"workspace": workspace, "account": account["name"], "provider": account["provider"],
                     "region": account["region"], "allowedCidrs": own or account.get("allowedCidrs", []),
                     "workspaceCidrs": bool(own)}

    def _find(self, name: str) -> dict:
        if name not in self.accounts:
            raise Refused(404, "cloud account_not_found", f"No cloud account '{name}' exists, or you cannot see it.")
        return self.accounts[name]

    def _view(self, account: dict) -> dict:
        workspaces = sorted(w for w, a in self.bindings.items() if a == account["name"])
        return {**account, "workspaces": workspaces}
