"""``flotilla account`` and ``flotilla.list_cloud_accounts`` against the fake appliance."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import flotilla
from flotilla import cli
from tests.fake.accounts import NETWORK_SUBNETS
from tests.fake.appliance import ADMIN_TOKEN, WORKSPACE

ROLE = "arn:aws:iam::123456789012:role/flotilla-appliance"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def admin(logged_in, monkeypatch):
    """An appliance administrator's environment against a fake appliance with no accounts yet."""
    monkeypatch.setenv("FLOTILLA_TOKEN", ADMIN_TOKEN)
    monkeypatch.delenv("FLOTILLA_AWS_SECRET_ACCESS_KEY", raising=False)
    fake = logged_in.cloud_accounts
    fake.clear()
    logged_in.requests.clear()
    return logged_in


def run(runner, *args, **kwargs):
    return runner.invoke(cli.main, ["account", *args], **kwargs)


def last_request(appliance) -> tuple[str, str, dict | None]:
    return appliance.requests[-1]


def test_register_an_assumed_role_account_sends_the_whole_body(admin, runner):
    result = run(runner, "register", "prod", "--region", "eu-central-1", "--role-arn", ROLE, "--external-id", "ext-1234",
                 "--subnet", "subnet-0abc12345def67890", "--subnet", "subnet-0abc12345def67891",
                 "--allowed-cidr", "10.0.0.0/8", "--instance-profile-arn",
                 "arn:aws:iam::123456789012:instance-profile/flotilla-worker", "--log-retention-days", "14")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert last_request(admin) == ("POST", "/api/v1/cloud-accounts", {
        "name": "prod", "provider": "aws", "region": "eu-central-1",
        "credentials": {"mode": "assume_role", "roleArn": ROLE, "externalId": "ext-1234"},
        "subnetIds": ["subnet-0abc12345def67890", "subnet-0abc12345def67891"], "allowedCidrs": ["10.0.0.0/8"],
        "instanceProfileArn": "arn:aws:iam::123456789012:instance-profile/flotilla-worker", "logRetentionDays": 14})
    assert result.stdout.splitlines() == ["Registered cloud account prod (aws, eu-central-1, assume_role).",
                                          "Check its permissions with: flotilla account validate prod"]


def test_register_an_instance_role_account_sends_only_what_was_given(admin, runner):
    result = run(runner, "register", "home", "--region", "eu-west-1", "--instance-role")
    assert result.exit_code == 0, result.stdout
    assert last_request(admin)[2] == {"name": "home", "provider": "aws", "region": "eu-west-1",
                                      "credentials": {"mode": "instance_role"}}


def test_access_keys_secret_comes_from_the_prompt_and_is_never_printed(admin, runner):
    result = run(runner, "register", "legacy", "--region", "eu-west-1", "--access-key-id", "AKIAFLOTILLACANARY99",
                 input=SECRET + "\n")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "Secret access key" in result.stdout
    assert SECRET not in result.stdout and SECRET not in result.stderr
    assert "access_keys (discouraged)" in result.stdout
    assert "Warning: access keys do not expire" in result.stderr
    assert last_request(admin)[2]["credentials"] == {"mode": "access_keys", "accessKeyId": "AKIAFLOTILLACANARY99",
                                                     "secretAccessKey": SECRET}
    assert admin.cloud_accounts.keys["legacy"]["secretAccessKey"] == SECRET

    shown = run(runner, "show", "legacy")
    listed = run(runner, "list")
    assert "AKIA…RY99" in shown.stdout and "access_keys (discouraged)" in listed.stdout
    assert SECRET not in shown.stdout + listed.stdout and "AKIAFLOTILLACANARY99" not in shown.stdout


def test_access_keys_secret_comes_from_the_environment(admin, runner, monkeypatch):
    monkeypatch.setenv("FLOTILLA_AWS_SECRET_ACCESS_KEY", SECRET)
    result = run(runner, "register", "legacy", "--region", "eu-west-1", "--access-key-id", "AKIAFLOTILLACANARY99")
    assert result.exit_code == 0, result.stdout
    assert "Secret access key" not in result.stdout and SECRET not in result.stdout
    assert last_request(admin)[2]["credentials"]["secretAccessKey"] == SECRET


def test_the_secret_cannot_be_an_option(admin, runner):
    result = run(runner, "register", "legacy", "--region", "eu-west-1", "--access-key-id", "AKIAFLOTILLACANARY99",
                 "--secret-access-key", SECRET)
    assert result.exit_code == 2 and "No such option" in result.stderr
    assert "secret-access-key" not in run(runner, "register", "--help").stdout
    assert admin.requests == []


@pytest.mark.parametrize("args, message", [
    ([], "Choose one way to get credentials"),
    (["--instance-role", "--role-arn", ROLE, "--external-id", "e1"], "Choose one way to get credentials"),
    (["--role-arn", ROLE], "--role-arn needs --external-id"),
    (["--instance-role", "--external-id", "e1"], "--external-id goes with --role-arn"),
])
def test_bad_option_combinations_fail_before_any_request(admin, runner, args, message):
    result = run(runner, "register", "x", "--region", "eu-west-1", *args)
    assert result.exit_code == 1 and message in result.stderr
    assert admin.requests == []


def test_the_appliances_400_is_one_line_and_exit_1(admin, runner):
    result = run(runner, "register", "bad", "--region", "eu-west-1", "--role-arn", "arn:aws:iam::12:role/x",
                 "--external-id", "e1")
    assert result.exit_code == 1
    assert result.stderr.strip() == ("Error: [400 invalid_input] credentials.roleArn must be an IAM role ARN such as "
                                     "arn:aws:iam::123456789012:role/flotilla-appliance.")
    assert admin.cloud_accounts.accounts == {}


def test_list_and_show(admin, runner):
    assert run(runner, "list").stdout == "No cloud accounts registered.\n"
    run(runner, "register", "prod", "--region", "eu-central-1", "--role-arn", ROLE, "--external-id", "ext-1234")
    run(runner, "register", "home", "--region", "eu-west-1", "--instance-role", "--subnet", "subnet-0abc12345def67890")
    lines = run(runner, "list").stdout.splitlines()
    assert lines[0].split() == ["NAME", "PROVIDER", "REGION", "CREDENTIALS", "SUBNETS", "WORKSPACES", "VALIDATED"]
    assert lines[1].split() == ["home", "aws", "eu-west-1", "instance_role", "subnet-0abc12345def67890", "-", "never"]
    assert lines[2].split() == ["prod", "aws", "eu-central-1", "assume_role", "default", "VPC", "-", "never"]
    shown = run(runner, "show", "prod").stdout
    assert f"Role ARN:         {ROLE}" in shown and "External id:      ext-1234" in shown
    assert "Log retention:    30 days" in shown and "Workspaces:       none" in shown
    assert flotilla.list_cloud_accounts() == admin.cloud_accounts.handle("GET", "/api/v1/cloud-accounts", True, None)[1]


def test_bind_unbind_and_remove(admin, runner):
    run(runner, "register", "prod", "--region", "eu-central-1", "--instance-role")
    result = run(runner, "bind", WORKSPACE, "prod")
    assert result.exit_code == 0, result.stderr
    assert last_request(admin) == ("PUT", f"/api/v1/workspaces/{WORKSPACE}/cloud-account", {"account": "prod"})
    assert result.stdout == f"Workspace {WORKSPACE} now starts new clusters in cloud account prod (aws, eu-central-1).\n"
    assert WORKSPACE in run(runner, "list").stdout.splitlines()[1].split()

    result = run(runner, "remove", "prod")
    assert result.exit_code == 1 and "still bound to a workspace" in result.stderr

    result = run(runner, "unbind", WORKSPACE)
    assert result.exit_code == 0 and last_request(admin)[:2] == ("DELETE", f"/api/v1/workspaces/{WORKSPACE}/cloud-account")
    assert "no longer bound" in result.stdout
    result = run(runner, "remove", "prod")
    assert result.exit_code == 0 and result.stdout == "Removed cloud account prod.\n"
    assert last_request(admin)[:2] == ("DELETE", "/api/v1/cloud-accounts/prod")
    assert admin.cloud_accounts.accounts == {}

    assert "There is no cloud account named 'gone'." in run(runner, "bind", WORKSPACE, "gone").stderr


def test_bind_with_the_workspaces_own_allowed_addresses(admin, runner):
    run(runner, "register", "prod", "--region", "eu-central-1", "--instance-role")
    result = run(runner, "bind", WORKSPACE, "prod", "--allowed-cidr", "192.0.2.0/24", "--allowed-cidr", "198.51.100.0/24")
    assert result.exit_code == 0, result.stderr
    assert last_request(admin) == ("PUT", f"/api/v1/workspaces/{WORKSPACE}/cloud-account",
                                   {"account": "prod", "allowedCidrs": ["192.0.2.0/24", "198.51.100.0/24"]})
    assert result.stdout.splitlines()[-1] == "Its schedulers accept clients from 192.0.2.0/24, 198.51.100.0/24."
    assert "No cloud account 'gone' exists" in run(runner, "remove", "gone").stderr
    assert "No workspace 'elsewhere' exists" in run(runner, "unbind", "elsewhere").stderr


def test_validate_prints_missing_permissions_and_fails(admin, runner):
    run(runner, "register", "prod", "--region", "eu-central-1", "--instance-role")
    result = run(runner, "validate", "prod")
    assert result.exit_code == 0, result.stderr
    assert last_request(admin) == ("POST", "/api/v1/cloud-accounts/prod/validate", {})
    assert "The account is ready" in result.stdout and "missing" not in result.stdout

    admin.cloud_accounts.reports["prod"] = {
        "ok": False, "checkedAt": "2026-11-27T10:00:00Z", "identityArn": "arn:aws:sts::123456789012:assumed-role/r/s",
        "accountId": "123456789012",
        "checks": [{"action": "ec2:DescribeSubnets", "ok": True, "detail": None},
                   {"action": "ec2:RunInstances", "ok": False, "detail": "UnauthorizedOperation"}],
        "missing": ["ec2:RunInstances", "ec2:CreateFleet"], "untested": ["ecr:PutImage"],
        "message": "2 permissions are missing: ec2:RunInstances, ec2:CreateFleet."}
    result = run(runner, "validate", "prod")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "Identity: arn:aws:sts::123456789012:assumed-role/r/s (account 123456789012)",
        "FAILED ec2:RunInstances: UnauthorizedOperation",
        "missing permission: ec2:RunInstances",
        "missing permission: ec2:CreateFleet",
        "not tested: ecr:PutImage",
        "2 permissions are missing: ec2:RunInstances, ec2:CreateFleet."]


def test_network_prints_the_new_subnets(admin, runner):
    run(runner, "register", "prod", "--region", "eu-central-1", "--instance-role")
    result = run(runner, "network", "prod")
    assert result.exit_code == 0, result.stderr
    assert last_request(admin) == ("POST", "/api/v1/cloud-accounts/prod/network", {})
    assert result.stdout == f"Cloud account prod now starts clusters in subnets {', '.join(NETWORK_SUBNETS)}.\n"


def test_a_member_is_refused_with_the_appliances_sentence(logged_in, runner):
    result = run(runner, "list")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: [403 forbidden] Only appliance administrators can do this."
