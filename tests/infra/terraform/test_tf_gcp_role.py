"""The GCP appliance's custom role is the app's generated ongoing role and nothing more; actAs comes only from a
binding on the worker service account; the workers may only write logs.

terraform/gcp/roles/*.json are generated from the app's GcpPermissionManifest and compared with it by the app's
CommittedGcpRoleTest; here the module is shown to use exactly that file, and the file to hold no permission that reads
customer data, hands out credentials or changes IAM."""
from __future__ import annotations

import json
import re

import hclcheck
from tfmodules import MODULES, module_blocks

ROLES = MODULES["gcp"] / "roles"
DENIED = re.compile(r"storage\.objects\..*|bigquery\.tables\.(getData|export)|bigquery\.jobs\.create|secretmanager\.versions\.access"
                    r"|iam\.serviceAccountKeys\..*|iam\.serviceAccounts\.(actAs|getAccessToken|signBlob|signJwt)|.*\.setIamPolicy"
                    r"|iam\.roles\..*|compute\.(disks\.createSnapshot|snapshots\..*|instances\.getSerialPortOutput)|.*\*.*")
PERMISSION = re.compile(r"[a-z]+\.[a-z][A-Za-z]+\.[a-z][A-Za-z]+")


def resources() -> dict[str, hclcheck.TfBlock]:
    return {b.address: b for b in module_blocks("gcp", "resource")}


def iam_locals() -> dict:
    merged = {}
    for entry in hclcheck.load(MODULES["gcp"] / "iam.tf").get("locals", []):
        merged.update(entry)
    return merged


def role(name: str) -> dict:
    return json.loads((ROLES / name).read_text())


def test_the_custom_role_is_the_committed_ongoing_role_plus_the_optional_extras():
    assert iam_locals()["ongoing_role"] == '${jsondecode(file("${path.module}/roles/flotilla-ongoing.json"))}'
    custom = resources()["google_project_iam_custom_role.appliance"].body
    assert custom["permissions"] == "${distinct(concat(local.ongoing_role.includedPermissions, var.extra_appliance_permissions))}"
    assert custom["stage"] == "${local.ongoing_role.stage}"
    variables = {b.labels[0]: b.body for b in module_blocks("gcp", "variable")}
    assert "appliance_role_permissions" not in variables
    assert variables["extra_appliance_permissions"]["default"] == []


def test_the_committed_roles_are_gcloud_role_definitions_without_customer_data_or_iam_changes():
    for name in ("flotilla-ongoing.json", "flotilla-setup.json"):
        definition = role(name)
        assert list(definition) == ["title", "description", "stage", "includedPermissions"], name
        assert definition["stage"] == "GA"
        permissions = definition["includedPermissions"]
        assert permissions == sorted(set(permissions)) and permissions, name
        assert all(PERMISSION.fullmatch(p) for p in permissions), name
    ongoing = role("flotilla-ongoing.json")["includedPermissions"]
    assert not [p for p in ongoing if DENIED.fullmatch(p)]
    assert {"compute.instances.create", "compute.instances.delete", "compute.firewalls.create",
            "compute.networks.updatePolicy", "compute.zoneOperations.get", "logging.logEntries.list"} <= set(ongoing)
    assert not {"compute.instanceTemplates.create", "compute.instances.bulkInsert"} & set(ongoing)


def test_act_as_is_granted_on_the_worker_service_account_only():
    found = resources()
    users = [b for b in found.values() if "serviceAccountUser" in str(b.body.get("role", "")) or "actAs" in str(b.body)]
    assert [b.address for b in users] == ["google_service_account_iam_member.appliance_uses_worker"]
    binding = users[0].body
    assert binding["service_account_id"] == "${google_service_account.worker.name}"
    assert hclcheck.unquote(binding["member"]) == "serviceAccount:${google_service_account.appliance.email}"


def test_project_bindings_are_the_custom_role_and_log_writes_only():
    bindings = {b.address: b.body for b in resources().values() if b.labels[0] in (
        "google_project_iam_member", "google_project_iam_binding", "google_project_iam_policy")}
    roles = {address: hclcheck.unquote(body["role"]) for address, body in bindings.items()}
    assert roles == {"google_project_iam_member.appliance_role": "${google_project_iam_custom_role.appliance.id}",
                     "google_project_iam_member.appliance_log_writer": "roles/logging.logWriter",
                     "google_project_iam_member.worker_log_writer": "roles/logging.logWriter"}
    worker = [a for a, body in bindings.items() if "google_service_account.worker." in str(body["member"])]
    assert worker == ["google_project_iam_member.worker_log_writer"]
