"""``flotilla setup gcp`` without --create: the appliance's roles and gcloud commands, printed or written as files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from flotilla import cli, gcpsetup
from tests.fake.appliance import ADMIN_TOKEN, HttpError

APPLIANCE_ID = "5b1d6c1e-0f7a-4e43-9d55-2b7f0c3f5a11"
ROLES = Path(__file__).resolve().parents[2] / "terraform" / "gcp" / "roles"
PROJECT = re.compile(r"[a-z][-a-z0-9]{4,28}[a-z0-9]")


def _role(role_id: str, file: str) -> dict:
    """The role as the appliance generates it: the committed file is the app's own (CommittedGcpRoleTest)."""
    return {"roleId": role_id, **json.loads((ROLES / file).read_text())}


def gcp_setup_answer(query: dict) -> dict:
    """``GET /api/v1/providers/gcp/setup`` shaped like the appliance's GcpSetup; a bad project id raises ValueError."""
    project_id = query.get("project")
    if project_id is not None and not PROJECT.fullmatch(project_id):
        raise ValueError(f"'{project_id}' is not a Google Cloud project id: 6 to 30 lowercase letters, digits or hyphens,"
                         " starting with a letter and not ending with a hyphen.")
    project = project_id or "PROJECT_ID"
    worker_id = query.get("workerServiceAccount") or "flotilla-worker"
    worker = f"{worker_id}@{project}.iam.gserviceaccount.com"
    principal = "serviceAccount:" + (query.get("principal") or "APPLIANCE_SERVICE_ACCOUNT_EMAIL")
    ongoing, setup = _role("flotilla_ongoing", "flotilla-ongoing.json"), _role("flotilla_setup", "flotilla-setup.json")
    bindings = [
        {"resource": f"projects/{project}", "member": principal, "role": f"projects/{project}/roles/flotilla_ongoing",
         "why": "The appliance's everyday permissions in the project."},
        {"resource": f"projects/{project}", "member": f"serviceAccount:{worker}", "role": "roles/logging.logWriter",
         "why": "Cluster VMs write their logs, and can do nothing else."},
        {"resource": f"projects/{project}/serviceAccounts/{worker}", "member": principal,
         "role": "roles/iam.serviceAccountUser", "why": "The appliance may attach the worker service account only."}]
    as_yaml = lambda role: yaml.safe_dump({k: role[k] for k in ("title", "description", "stage", "includedPermissions")},
                                         sort_keys=False)
    return {
        "projectId": project_id, "applianceId": APPLIANCE_ID, "ongoingRole": ongoing, "ongoingRoleYaml": as_yaml(ongoing),
        "setupRole": setup, "setupRoleYaml": as_yaml(setup),
        "workerServiceAccount": {"accountId": worker_id, "email": worker, "roles": ["roles/logging.logWriter"]},
        "principal": principal, "bindings": bindings,
        "commands": ["# 1. The custom roles",
                     f"gcloud iam roles create flotilla_ongoing --project={project} --file=flotilla-ongoing-role.yaml",
                     f"gcloud iam service-accounts create {worker_id} --project={project}",
                     f"gcloud iam service-accounts add-iam-policy-binding {worker} --project={project} --member={principal}"
                     " --role=roles/iam.serviceAccountUser --condition=None"],
        "notes": ["IAM conditions cannot test labels."]}


@pytest.fixture
def gcp_appliance(logged_in, monkeypatch):
    """The fake appliance, answering the GCP setup route as the real one does (appliance admins only)."""
    handle = logged_in.handle

    def with_gcp(method, path, query, token, body):
        if method == "GET" and path == gcpsetup.SETUP_PATH:
            logged_in.requests.append((method, path, body))
            logged_in.queries.append((method, path, query))
            if token not in (ADMIN_TOKEN,):
                raise HttpError(403 if token else 401, "forbidden", "Only appliance administrators can do this.")
            try:
                return 200, gcp_setup_answer(query)
            except ValueError as e:
                raise HttpError(400, "invalid_input", str(e)) from e
        return handle(method, path, query, token, body)

    monkeypatch.setattr(logged_in, "handle", with_gcp)
    return logged_in


def test_setup_gcp_prints_both_roles_and_the_commands_for_an_admin(gcp_appliance, monkeypatch):
    monkeypatch.setenv("FLOTILLA_TOKEN", ADMIN_TOKEN)
    result = CliRunner().invoke(cli.main, ["setup", "gcp", "--project", "data-prod-1", "--worker-service-account",
                                           "flotilla-workers", "--principal", "app@ops-proj1.iam.gserviceaccount.com"])
    assert result.exit_code == 0, result.output
    method, path, query = gcp_appliance.queries[-1]
    assert (method, path) == ("GET", "/api/v1/providers/gcp/setup")
    assert query == {"project": "data-prod-1", "workerServiceAccount": "flotilla-workers",
                     "principal": "app@ops-proj1.iam.gserviceaccount.com"}
    assert "# Worker service account: flotilla-workers@data-prod-1.iam.gserviceaccount.com (roles: roles/logging.logWriter)" \
        in result.output
    ongoing = json.loads((ROLES / "flotilla-ongoing.json").read_text())["includedPermissions"]
    assert all(f"- {permission}" in result.output for permission in ongoing)
    assert "gcloud iam roles create flotilla_ongoing --project=data-prod-1 --file=flotilla-ongoing-role.yaml" in result.output
    assert "--role=roles/iam.serviceAccountUser" in result.output and "# - IAM conditions cannot test labels." in result.output


def test_setup_gcp_out_writes_role_files_gcloud_reads_and_the_commands(gcp_appliance, monkeypatch, tmp_path):
    monkeypatch.setenv("FLOTILLA_TOKEN", ADMIN_TOKEN)
    out = tmp_path / "gcp"
    result = CliRunner().invoke(cli.main, ["setup", "gcp", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["flotilla-ongoing-role.yaml", "flotilla-setup-role.yaml", "gcloud-commands.sh"]
    role = yaml.safe_load((out / "flotilla-ongoing-role.yaml").read_text())
    assert list(role) == ["title", "description", "stage", "includedPermissions"] and role["stage"] == "GA"
    assert "compute.instances.create" in role["includedPermissions"]
    assert "iam.serviceAccounts.actAs" not in role["includedPermissions"]
    script = (out / "gcloud-commands.sh").read_text()
    assert script.startswith("#!/bin/sh\nset -e\n") and "--project=PROJECT_ID" in script
    assert f"Wrote {out / 'gcloud-commands.sh'}" in result.output


def test_setup_gcp_errors_for_a_member_and_bad_input(gcp_appliance, monkeypatch):
    result = CliRunner().invoke(cli.main, ["setup", "gcp", "--project", "data-prod-1"])
    assert result.exit_code == 1 and "Only appliance administrators can do this." in result.output
    monkeypatch.setenv("FLOTILLA_TOKEN", ADMIN_TOKEN)
    result = CliRunner().invoke(cli.main, ["setup", "gcp", "--project", "Bad_Project"])
    assert result.exit_code == 1 and "is not a Google Cloud project id" in result.output


def test_setup_gcp_help_explains_create():
    result = CliRunner().invoke(cli.main, ["setup", "gcp", "--help"])
    assert result.exit_code == 0
    assert "--create" in result.output and "--worker-service-account" in result.output and "--principal" in result.output
