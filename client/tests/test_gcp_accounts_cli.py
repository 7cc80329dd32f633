"""``flotilla account register --provider gcp`` and ``account show`` of a GCP account, against the fake appliance."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from flotilla import cli
from tests.fake.appliance import ADMIN_TOKEN

OTHER = "flotilla@other-project.iam.gserviceaccount.com"
WORKER = "flotilla-worker@acme-analytics.iam.gserviceaccount.com"
PRIVATE_KEY = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7canaryKEYmaterial\n-----END PRIVATE KEY-----\n"
KEY = {"type": "service_account", "project_id": "acme-analytics", "private_key_id": "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
       "private_key": PRIVATE_KEY, "client_email": "flotilla-key@acme-analytics.iam.gserviceaccount.com",
       "client_id": "104912345678901234567", "token_uri": "https://oauth2.googleapis.com/token"}


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def admin(logged_in, monkeypatch):
    monkeypatch.setenv("FLOTILLA_TOKEN", ADMIN_TOKEN)
    logged_in.cloud_accounts.clear()
    logged_in.requests.clear()
    return logged_in


def run(runner, *args, **kwargs):
    return runner.invoke(cli.main, ["account", *args], **kwargs)


def gcp(*args):
    return ["register", "analytics", "--provider", "gcp", "--region", "europe-west4", "--project", "acme-analytics", *args]


def test_the_appliances_own_service_account_with_every_gcp_field(admin, runner):
    result = run(runner, *gcp("--zone", "europe-west4-b", "--zone", "europe-west4-a", "--network", "flotilla",
                              "--subnetwork", "regions/europe-west4/subnetworks/flotilla-europe-west4",
                              "--worker-service-account", WORKER, "--allowed-cidr", "203.0.113.0/24"))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert admin.requests[-1] == ("POST", "/api/v1/cloud-accounts", {
        "name": "analytics", "provider": "gcp", "region": "europe-west4", "project": "acme-analytics",
        "credentials": {"mode": "attached_service_account"}, "zones": ["europe-west4-b", "europe-west4-a"],
        "network": "flotilla", "subnetworks": ["regions/europe-west4/subnetworks/flotilla-europe-west4"],
        "workerServiceAccount": WORKER, "allowedCidrs": ["203.0.113.0/24"]})
    assert result.stdout.splitlines()[0] == ("Registered cloud account analytics (gcp, europe-west4, project "
                                             "acme-analytics, attached_service_account).")

    shown = run(runner, "show", "analytics").stdout
    assert "Project:          acme-analytics" in shown
    assert "Zones:            europe-west4-b, europe-west4-a" in shown
    assert "Network:          flotilla" in shown
    assert "Subnetworks:      regions/europe-west4/subnetworks/flotilla-europe-west4" in shown
    assert f"Worker account:   {WORKER}" in shown
    assert "Role ARN" not in shown and "Instance profile" not in shown and "days" not in shown
    listed = run(runner, "list").stdout.splitlines()
    assert listed[1].split()[:4] == ["analytics", "gcp", "europe-west4", "attached_service_account"]


def test_impersonation(admin, runner):
    result = run(runner, *gcp("--impersonate", OTHER))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert admin.requests[-1][2]["credentials"] == {"mode": "impersonate", "serviceAccount": OTHER}
    assert f"Service account:  {OTHER}" in run(runner, "show", "analytics").stdout


def test_a_key_is_read_from_its_file_and_never_printed(admin, runner, tmp_path):
    key_file = tmp_path / "key.json"
    key_file.write_text(json.dumps(KEY))
    result = run(runner, *gcp("--key-file", str(key_file)))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert admin.requests[-1][2]["credentials"] == {"mode": "service_account_key", "keyJson": json.dumps(KEY)}
    assert admin.cloud_accounts.keys["analytics"] == {"keyJson": json.dumps(KEY)}
    assert "service_account_key (discouraged)" in result.stdout
    assert "Warning: service-account keys do not expire" in result.stderr
    shown = run(runner, "show", "analytics").stdout
    listed = run(runner, "list").stdout
    assert "Key id:           a1b2…5678" in shown
    for out in (result.stdout, result.stderr, shown, listed):
        assert "canaryKEYmaterial" not in out and "PRIVATE KEY" not in out and KEY["private_key_id"] not in out


def test_the_key_cannot_be_an_option_value(admin, runner):
    result = run(runner, *gcp("--key-json", json.dumps(KEY)))
    assert result.exit_code == 2 and "No such option" in result.stderr
    assert "--key-json" not in run(runner, "register", "--help").stdout
    assert admin.requests == []


@pytest.mark.parametrize("args, message", [
    (["--role-arn", "arn:aws:iam::123456789012:role/x", "--external-id", "e"], "--role-arn, --external-id do not apply to gcp"),
    (["--instance-role"], "--instance-role does not apply to gcp accounts"),
    (["--subnet", "subnet-0abc12345def67890"], "--subnet does not apply to gcp accounts"),
    (["--log-retention-days", "30"], "--log-retention-days does not apply to gcp accounts"),
    (["--impersonate", OTHER, "--key-file", "KEYFILE"], "Choose one way to get credentials"),
])
def test_aws_options_and_two_credentials_are_refused_for_gcp(admin, runner, tmp_path, args, message):
    key_file = tmp_path / "key.json"
    key_file.write_text(json.dumps(KEY))
    result = run(runner, *gcp(*[str(key_file) if a == "KEYFILE" else a for a in args]))
    assert result.exit_code == 1 and message in result.stderr, result.stderr
    assert admin.requests == []


@pytest.mark.parametrize("args, message", [
    (["--project", "acme-analytics"], "--project does not apply to aws accounts"),
    (["--zone", "eu-central-1a", "--network", "n"], "--zone, --network do not apply to aws accounts"),
    (["--impersonate", OTHER], "--impersonate does not apply to aws accounts"),
])
def test_gcp_options_are_refused_for_aws(admin, runner, args, message):
    result = run(runner, "register", "prod", "--region", "eu-central-1", "--instance-role", *args)
    assert result.exit_code == 1 and message in result.stderr, result.stderr
    assert admin.requests == []


def test_gcp_needs_a_project_and_a_real_key_file(admin, runner, tmp_path):
    result = run(runner, "register", "analytics", "--provider", "gcp", "--region", "europe-west4")
    assert result.exit_code == 1 and "--project is required for gcp accounts" in result.stderr
    junk = tmp_path / "junk.json"
    junk.write_text('{"type": "authorized_user", "refresh_token": "1//x"}')
    result = run(runner, *gcp("--key-file", str(junk)))
    assert result.exit_code == 1 and "not a service-account key" in result.stderr
    assert "1//x" not in result.stderr
    junk.write_text("not json")
    assert "not JSON" in run(runner, *gcp("--key-file", str(junk))).stderr
    assert run(runner, *gcp("--key-file", str(tmp_path / "missing.json"))).exit_code == 2
    assert admin.requests == []


def test_the_appliances_400_for_a_zone_of_another_region(admin, runner):
    result = run(runner, *gcp("--zone", "us-central1-a"))
    assert result.exit_code == 1
    assert "zones must be zones of region europe-west4" in result.stderr
    assert admin.cloud_accounts.accounts == {}
