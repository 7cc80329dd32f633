"""The cloud account routes (appliance administrators): register, list, show, validate, network, bind, remove.

Secrets only travel in the body of the register request: they are never printed, and the appliance never
sends them back (access keys come back as a hint such as ``AKIA…0001``, a GCP service-account key as its key id's).
"""

from __future__ import annotations

import json
from typing import Any

from flotilla.core import Api, segment

ACCOUNTS_PATH = "/api/v1/cloud-accounts"


def account_path(name: str | None = None, action: str | None = None) -> str:
    """``/api/v1/cloud-accounts[/{name}[/{action}]]``."""
    path = ACCOUNTS_PATH
    if name:
        path += f"/{segment(name)}"
    if action:
        path += f"/{action}"
    return path


def binding_path(workspace: str) -> str:
    """``/api/v1/workspaces/{workspace}/cloud-account``."""
    return f"/api/v1/workspaces/{segment(workspace)}/cloud-account"


def credentials(instance_role: bool = False, role_arn: str | None = None, external_id: str | None = None,
                access_key_id: str | None = None, secret_access_key: str | None = None) -> dict[str, Any]:
    """The ``credentials`` object of a registration: exactly one way of getting credentials.

    Raises ValueError when none or several are given, or when the chosen one lacks a part.
    """
    chosen = [m for m, on in (("instance_role", instance_role), ("assume_role", role_arn is not None),
                              ("access_keys", access_key_id is not None)) if on]
    if len(chosen) != 1:
        raise ValueError("Choose one way to get credentials: --instance-role, --role-arn with --external-id, "
                         "or --access-key-id (discouraged).")
    mode = chosen[0]
    if mode != "assume_role" and external_id is not None:
        raise ValueError("--external-id goes with --role-arn.")
    if mode == "assume_role":
        if not external_id:
            raise ValueError("--role-arn needs --external-id: the sts:ExternalId of the role's trust policy.")
        return {"mode": mode, "roleArn": role_arn, "externalId": external_id}
    if mode == "access_keys":
        if not secret_access_key:
            raise ValueError("The secret access key is empty.")
        return {"mode": mode, "accessKeyId": access_key_id, "secretAccessKey": secret_access_key}
    return {"mode": mode}


def gcp_credentials(impersonate: str | None = None, key_json: str | None = None) -> dict[str, Any]:
    """The ``credentials`` object of a GCP registration.

    None of the two: the appliance's own service account (``attached_service_account``, the normal case);
    ``impersonate``: that service account's short-lived tokens; ``key_json``: a service-account key file's content
    (discouraged). Raises ValueError for both, or for a key that is not a service-account key file.
    """
    if impersonate is not None and key_json is not None:
        raise ValueError("Choose one way to get credentials: the appliance's own service account (the default), "
                         "--impersonate SERVICE_ACCOUNT, or --key-file PATH (discouraged).")
    if impersonate is not None:
        if not impersonate.strip():
            raise ValueError("--impersonate needs a service account email.")
        return {"mode": "impersonate", "serviceAccount": impersonate}
    if key_json is not None:
        try:
            key = json.loads(key_json)
        except ValueError:
            raise ValueError("The key file is not JSON: give the service-account key file Google created.") from None
        if not isinstance(key, dict) or key.get("type") != "service_account" or not key.get("private_key"):
            raise ValueError("The key file is not a service-account key (type service_account with a private_key).")
        return {"mode": "service_account_key", "keyJson": key_json}
    return {"mode": "attached_service_account"}


def gcp_registration(name: str, region: str, creds: dict[str, Any], project: str, zones: list[str] | None = None,
                     network: str | None = None, subnetworks: list[str] | None = None,
                     worker_service_account: str | None = None,
                     allowed_cidrs: list[str] | None = None) -> dict[str, Any]:
    """The body of ``POST /api/v1/cloud-accounts`` for a GCP account; optional fields only when given."""
    body: dict[str, Any] = {"name": name, "provider": "gcp", "region": region, "project": project, "credentials": creds}
    optional = {"zones": list(zones or []) or None, "network": network, "subnetworks": list(subnetworks or []) or None,
                "workerServiceAccount": worker_service_account, "allowedCidrs": list(allowed_cidrs or []) or None}
    body.update({k: v for k, v in optional.items() if v is not None})
    return body


def registration(name: str, region: str, creds: dict[str, Any], subnet_ids: list[str] | None = None,
                 allowed_cidrs: list[str] | None = None, instance_profile_arn: str | None = None,
                 log_retention_days: int | None = None, provider: str = "aws") -> dict[str, Any]:
    """The body of ``POST /api/v1/cloud-accounts``; optional fields only when given."""
    body: dict[str, Any] = {"name": name, "provider": provider, "region": region, "credentials": creds}
    optional = {"subnetIds": list(subnet_ids or []) or None, "allowedCidrs": list(allowed_cidrs or []) or None,
                "instanceProfileArn": instance_profile_arn, "logRetentionDays": log_retention_days}
    body.update({k: v for k, v in optional.items() if v is not None})
    return body


class AccountRoutes:
    """Calls to the cloud account routes of one appliance."""

    def __init__(self, api: Api):
        self.api = api

    def list(self) -> list[dict]:
        return self.api.get(ACCOUNTS_PATH) or []

    def get(self, name: str) -> dict:
        return self.api.get(account_path(name))

    def register(self, body: dict[str, Any]) -> dict:
        return self.api.post(ACCOUNTS_PATH, body)

    def validate(self, name: str) -> dict:
        return self.api.post(account_path(name, "validate"))

    def create_network(self, name: str) -> dict:
        return self.api.post(account_path(name, "network"))

    def remove(self, name: str) -> None:
        self.api.request("DELETE", account_path(name))

    def bind(self, workspace: str, account: str, allowed_cidrs: list[str] | None = None) -> dict:
        body: dict[str, Any] = {"account": account}
        if allowed_cidrs:
            body["allowedCidrs"] = list(allowed_cidrs)
        return self.api.request("PUT", binding_path(workspace), json=body)

    def unbind(self, workspace: str) -> None:
        self.api.request("DELETE", binding_path(workspace))


def list_cloud_accounts() -> list[dict]:
    """The appliance's cloud accounts (the CloudAccount JSON of the REST API); appliance administrators only."""
    api = Api()
    try:
        return AccountRoutes(api).list()
    finally:
        api.close()
