"""``flotilla setup aws --create`` against a real IAM/STS API (moto's server) and the fake appliance."""

from __future__ import annotations

import json

import boto3
import pytest
import requests
from click.testing import CliRunner

from flotilla import awscreate, cli
from tests.fake.appliance import ADMIN_TOKEN
from tests.fake.aws import APPLIANCE_ID

ACCOUNT = "123456789012"  # moto's default account
REGION = "eu-west-1"
PRINCIPAL = "arn:aws:iam::210987654321:role/flotilla-appliance-vm"


@pytest.fixture
def aws(moto_url, logged_in, monkeypatch):
    """An admin logged in to the fake appliance, AWS credentials of their own pointing at a fresh moto."""
    requests.post(f"{moto_url}/moto-api/reset", timeout=10).raise_for_status()
    logged_in.cloud_accounts.clear()
    logged_in.requests.clear()
    monkeypatch.setenv("FLOTILLA_TOKEN", ADMIN_TOKEN)
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_url)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAFLOTILLASETUP001")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-a-real-secret")
    return boto3.client("iam", region_name=REGION, endpoint_url=moto_url)


def run(*args: str):
    return CliRunner().invoke(cli.main, ["setup", "aws", "--create", "--region", REGION, *args])


def registrations(appliance) -> list[dict]:
    return [body for method, path, body in appliance.requests if method == "POST" and path == "/api/v1/cloud-accounts"]


def test_create_makes_both_roles_the_profile_and_policies_and_registers_the_account(aws, logged_in):
    result = run("--principal", PRINCIPAL, "--external-id", "ext-given-1234")
    assert result.exit_code == 0, result.output

    worker = aws.get_role(RoleName="flotilla-worker")["Role"]
    assert worker["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": "ec2.amazonaws.com"}
    assert {"Key": "flotilla:appliance", "Value": APPLIANCE_ID} in worker["Tags"]
    logs = aws.get_role_policy(RoleName="flotilla-worker", PolicyName=awscreate.WORKER_POLICY)["PolicyDocument"]
    assert logs["Statement"][0]["Action"] == ["logs:CreateLogStream", "logs:PutLogEvents"]
    profile = aws.get_instance_profile(InstanceProfileName="flotilla-worker")["InstanceProfile"]
    assert [r["RoleName"] for r in profile["Roles"]] == ["flotilla-worker"]

    role = aws.get_role(RoleName="flotilla-appliance")["Role"]
    trust = role["AssumeRolePolicyDocument"]["Statement"][0]
    assert trust["Principal"] == {"AWS": PRINCIPAL}
    assert trust["Condition"] == {"StringEquals": {"sts:ExternalId": ["ext-given-1234"]}}
    ongoing = aws.get_role_policy(RoleName="flotilla-appliance", PolicyName=awscreate.ONGOING_POLICY)["PolicyDocument"]
    assert ongoing["Statement"][0]["Action"] == ["ec2:TerminateInstances"]
    assert f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/*" in ongoing["Statement"][0]["Resource"]
    builds = aws.get_role_policy(RoleName="flotilla-appliance", PolicyName=awscreate.IMAGE_BUILDS_POLICY)["PolicyDocument"]
    assert builds["Statement"][0]["Action"] == ["codebuild:StartBuild"], "the image-build document is attached too"

    assert registrations(logged_in) == [{
        "name": f"aws-{ACCOUNT}-{REGION}", "provider": "aws", "region": REGION,
        "credentials": {"mode": "assume_role", "roleArn": role["Arn"], "externalId": "ext-given-1234"},
        "instanceProfileArn": profile["Arn"]}]
    assert "Created role flotilla-worker" in result.output and "Created role flotilla-appliance" in result.output
    assert f"Registered cloud account aws-{ACCOUNT}-{REGION}" in result.output


def test_a_second_run_keeps_everything_and_the_generated_external_id(aws, logged_in):
    first = run("--principal", PRINCIPAL, "--name", "prod")
    assert first.exit_code == 0, first.output
    external_id = registrations(logged_in)[0]["credentials"]["externalId"]
    assert external_id.startswith("flotilla-") and len(external_id) > 30

    second = run("--name", "prod")  # no --principal: the role's trusted principal is kept
    assert second.exit_code == 0, second.output
    assert "Role flotilla-worker exists: kept" in second.output and "Instance profile flotilla-worker exists" in second.output
    assert "Cloud account prod is already registered: kept" in second.output
    trust = aws.get_role(RoleName="flotilla-appliance")["Role"]["AssumeRolePolicyDocument"]
    assert trust["Statement"][0]["Condition"]["StringEquals"]["sts:ExternalId"] == [external_id]
    assert trust["Statement"][0]["Principal"] == {"AWS": PRINCIPAL}
    assert registrations(logged_in)[1]["credentials"]["externalId"] == external_id
    profile = aws.get_instance_profile(InstanceProfileName="flotilla-worker")["InstanceProfile"]
    assert len(profile["Roles"]) == 1


def test_dry_run_changes_nothing_and_registers_nothing(aws, logged_in):
    result = run("--principal", PRINCIPAL, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Would create role flotilla-worker" in result.output and "Would register cloud account" in result.output
    assert aws.list_roles()["Roles"] == [] and aws.list_instance_profiles()["InstanceProfiles"] == []
    assert registrations(logged_in) == []


def test_an_aws_refusal_is_one_clear_line_and_exit_code_1(aws, logged_in, moto_url, monkeypatch):
    aws.create_user(UserName="no-rights")
    key = aws.create_access_key(UserName="no-rights")["AccessKey"]
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", key["AccessKeyId"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", key["SecretAccessKey"])
    requests.post(f"{moto_url}/moto-api/reset-auth", data="0", timeout=10).raise_for_status()
    try:
        result = run("--principal", PRINCIPAL)
    finally:
        requests.post(f"{moto_url}/moto-api/reset-auth", data="inf", timeout=10).raise_for_status()
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith("Error: AWS refused GetRole: AccessDenied")
    assert "Traceback" not in result.output and registrations(logged_in) == []


def test_no_aws_credentials_and_a_wrong_account_are_clear_errors(aws, logged_in, monkeypatch):
    result = run("--account-id", "111111111111")
    assert result.exit_code == 1 and f"Your AWS credentials belong to account {ACCOUNT}, not 111111111111." in result.output
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    result = run()
    assert result.exit_code == 1 and "No AWS credentials found" in result.output


def test_dry_run_without_create_is_a_usage_error(logged_in):
    result = CliRunner().invoke(cli.main, ["setup", "aws", "--dry-run"])
    assert result.exit_code == 2 and "--dry-run goes with --create" in result.output


def test_with_external_id_replaces_the_appliance_id_in_every_statement():
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": PRINCIPAL}, "Action": ["sts:AssumeRole"],
         "Condition": {"StringEquals": {"sts:ExternalId": [APPLIANCE_ID]}}}]}
    changed = awscreate.with_external_id(trust, "ext-9")
    assert changed["Statement"][0]["Condition"] == {"StringEquals": {"sts:ExternalId": ["ext-9"]}}
    assert trust["Statement"][0]["Condition"]["StringEquals"]["sts:ExternalId"] == [APPLIANCE_ID]  # a copy
    assert awscreate.existing_external_id(json.dumps(changed)) == "ext-9"
    assert awscreate.existing_external_id({"Statement": [{"Effect": "Allow"}]}) is None
