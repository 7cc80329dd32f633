"""The flotilla CLI (click's CliRunner) against the fake appliance."""

from __future__ import annotations

import json
import os
import stat

import pytest
import yaml
from click.testing import CliRunner

import flotilla
from flotilla import cli, cluster_cli
from flotilla.core import Api
from flotilla.rest import ClusterRoutes
from tests.fake.appliance import ADMIN_TOKEN, PASSWORD, USER_TOKEN, USERNAME, WORKSPACE
from tests.fake.aws import APPLIANCE_ID
from tests.fake.clusters import FakeCluster


@pytest.fixture
def runner():
    return CliRunner()


def add_cluster(appliance, name: str, state: str = "running", logs: list[dict] | None = None) -> FakeCluster:
    """A cluster row without processes (the CLI only reads and stops)."""
    cluster = FakeCluster(appliance, WORKSPACE, USERNAME, {"name": name, "nWorkers": 2})
    cluster.state, cluster.logs = state, logs or []
    appliance.clusters.append(cluster)
    return cluster


def test_login_with_password_writes_a_private_config(appliance, runner, isolated_config):
    result = runner.invoke(cli.main, ["login", "--url", appliance.url, "--username", USERNAME], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert f"Logged in to {appliance.url} as {USERNAME} (workspace {WORKSPACE})" in result.output
    assert PASSWORD not in result.output and USER_TOKEN not in result.output
    assert stat.S_IMODE(os.stat(isolated_config).st_mode) == 0o600
    assert yaml.safe_load(isolated_config.read_text()) == {"url": appliance.url, "token": USER_TOKEN,
                                                           "workspace": WORKSPACE}
    body = next(b for m, p, b in appliance.requests if p == "/api/v1/auth/token")
    assert set(body) == {"username", "password", "tokenName"} and body["tokenName"].startswith("cli-")


def test_login_with_a_password_that_must_be_changed_asks_twice_for_a_new_one(appliance, runner, isolated_config,
                                                                            monkeypatch):
    monkeypatch.setitem(appliance.must_change, USERNAME, "initial-password-from-the-file")
    new_password = "my own new password"
    prompts = "initial-password-from-the-file\n" + new_password + "\n" + new_password + "\n"
    result = runner.invoke(cli.main, ["login", "--url", appliance.url, "--username", USERNAME], input=prompts)
    assert result.exit_code == 0, result.output
    assert "must be changed" in result.output and "Repeat the new password" in result.output
    assert new_password not in result.output
    change = [b for m, p, b in appliance.requests if p == "/api/v1/auth/password"][-1]
    assert change == {"username": USERNAME, "password": "initial-password-from-the-file", "newPassword": new_password,
                      "tokenName": change["tokenName"]}
    assert USERNAME not in appliance.must_change
    assert yaml.safe_load(isolated_config.read_text())["token"] == USER_TOKEN


def test_login_refuses_a_new_password_typed_differently_twice(appliance, runner, isolated_config, monkeypatch):
    monkeypatch.setitem(appliance.must_change, USERNAME, "initial-password-from-the-file")
    prompts = "initial-password-from-the-file\nfirst new password\nsecond new password\n"
    result = runner.invoke(cli.main, ["login", "--url", appliance.url, "--username", USERNAME], input=prompts)
    assert result.exit_code != 0 and "do not match" in result.output.lower()
    assert not isolated_config.exists() and USERNAME in appliance.must_change


def test_login_with_token_and_a_wrong_password(appliance, runner, isolated_config):
    result = runner.invoke(cli.main, ["login", "--url", appliance.url, "--token", "flt_wrong"])
    assert result.exit_code == 1 and "Missing or invalid API token." in result.output
    assert not isolated_config.exists()
    result = runner.invoke(cli.main, ["login", "--url", appliance.url, "--username", USERNAME], input="nope\n")
    assert result.exit_code == 1 and "The username or password is wrong" in result.output
    result = runner.invoke(cli.main, ["login", "--url", appliance.url, "--token", USER_TOKEN])
    assert result.exit_code == 0 and isolated_config.exists()


def test_cluster_list_and_stop(logged_in, runner):
    add_cluster(logged_in, "cli-running")
    add_cluster(logged_in, "cli-old", state="stopped")
    result = runner.invoke(cli.main, ["cluster", "list"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].split() == ["NAME", "STATE", "WORKERS", "OWNER", "CREATED", "REASON"]
    assert "cli-running" in result.output and "cli-old" not in result.output
    assert "cli-old" in runner.invoke(cli.main, ["cluster", "list", "--all"]).output

    result = runner.invoke(cli.main, ["cluster", "stop", "cli-running"])
    assert result.exit_code == 0 and "Cluster cli-running is stop" in result.output
    assert logged_in.cluster("cli-running").stop_requests == 1


def test_errors_show_the_servers_message_and_fail(logged_in, runner):
    result = runner.invoke(cli.main, ["cluster", "stop", "no-such-cluster"])
    assert result.exit_code == 1
    assert "There is no cluster named no-such-cluster in workspace ws." in result.output
    result = runner.invoke(cli.main, ["cluster", "list", "--workspace", "elsewhere"])
    assert result.exit_code == 1 and "There is no workspace named elsewhere." in result.output
    result = runner.invoke(cli.main, ["cluster", "logs", "x", "--since", "yesterday"])
    assert result.exit_code == 1 and "neither a duration" in result.output


def line(time: str, instance: str, role: str, message: str) -> dict:
    return {"time": time, "instance": instance, "role": role, "message": message}


def test_logs_filters_and_roles(logged_in, runner):
    add_cluster(logged_in, "cli-logs", logs=[
        line("2026-11-27T10:00:00.000Z", "cli-logs-scheduler", "scheduler", "Scheduler at: tls://x"),
        line("2026-11-27T10:00:01.000Z", "cli-logs-worker-1", "worker", "Start worker"),
        line("2026-11-27T10:00:02.000Z", "cli-logs-worker-1", "worker", "Registered to scheduler")])
    result = runner.invoke(cli.main, ["cluster", "logs", "cli-logs", "--combined"])
    assert result.exit_code == 0 and len(result.output.splitlines()) == 3
    assert result.output.splitlines()[0] == "2026-11-27T10:00:00.000Z cli-logs-scheduler Scheduler at: tls://x"
    result = runner.invoke(cli.main, ["cluster", "logs", "cli-logs", "--workers", "--filter", "Registered", "--combined"])
    assert result.output.splitlines() == ["2026-11-27T10:00:02.000Z cli-logs-worker-1 Registered to scheduler"]
    result = runner.invoke(cli.main, ["cluster", "logs", "cli-logs", "--scheduler", "--since", "2026-11-27T10:00:00Z",
                                      "--combined"])
    assert result.output.splitlines() == ["2026-11-27T10:00:00.000Z cli-logs-scheduler Scheduler at: tls://x"]


def test_logs_print_blank_lines_the_appliance_sends_as_empty_messages(logged_in, runner):
    add_cluster(logged_in, "cli-traceback", logs=[
        line("2026-11-27T10:00:00.000Z", "cli-traceback-scheduler", "scheduler", "Traceback (most recent call last):"),
        line("2026-11-27T10:00:00.000Z", "cli-traceback-scheduler", "scheduler", ""),
        line("2026-11-27T10:00:00.000Z", "cli-traceback-scheduler", "scheduler", "ValueError: boom")])
    result = runner.invoke(cli.main, ["cluster", "logs", "cli-traceback", "--combined"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["2026-11-27T10:00:00.000Z cli-traceback-scheduler Traceback (most recent call last):",
                                          "2026-11-27T10:00:00.000Z cli-traceback-scheduler ",
                                          "2026-11-27T10:00:00.000Z cli-traceback-scheduler ValueError: boom"]
    lines = ClusterRoutes(Api(), WORKSPACE).logs("cli-traceback")
    assert [l["message"] for l in lines] == ["Traceback (most recent call last):", "", "ValueError: boom"]

    # an appliance from before the fix left the empty message out: the CLI prints the line all the same
    del logged_in.cluster("cli-traceback").logs[1]["message"]
    result = runner.invoke(cli.main, ["cluster", "logs", "cli-traceback", "--combined"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == "2026-11-27T10:00:00.000Z cli-traceback-scheduler "


def test_cluster_list_asks_the_appliance_which_clusters_are_finished(logged_in, runner):
    for state in ("pending", "starting", "running", "stopping", "stopped", "failed"):
        add_cluster(logged_in, f"cli-f-{state}", state=state)
    result = runner.invoke(cli.main, ["cluster", "list"])
    assert result.exit_code == 0, result.output
    listed = {row.split()[0] for row in result.output.splitlines()[1:]}
    assert {"cli-f-pending", "cli-f-starting", "cli-f-running", "cli-f-stopping"} <= listed
    assert not listed & {"cli-f-stopped", "cli-f-failed"}
    asked = [q for m, p, q in logged_in.queries if p.endswith("/clusters")]
    assert asked[-1].get("finished") == "false", "the appliance decides which clusters are finished"
    listed_all = runner.invoke(cli.main, ["cluster", "list", "--all"]).output
    assert "cli-f-stopped" in listed_all and "cli-f-failed" in listed_all
    assert "finished" not in [q for m, p, q in logged_in.queries if p.endswith("/clusters")][-1]
    names = {c["name"] for c in flotilla.list_clusters()}
    assert "cli-f-stopping" in names and "cli-f-failed" not in names
    assert "cli-f-failed" in {c["name"] for c in flotilla.list_clusters(include_stopped=True)}


def test_logs_removed_by_the_retention_say_so(logged_in, runner):
    add_cluster(logged_in, "cli-old", state="stopped").logs_removed = True
    result = runner.invoke(cli.main, ["cluster", "logs", "cli-old"])
    assert result.exit_code == 1
    assert "The logs of cluster cli-old were removed" in result.output and "log-retention" in result.output


def test_logs_tail_follows_new_lines_until_ctrl_c(logged_in, runner, monkeypatch):
    cluster = add_cluster(logged_in, "cli-tail", logs=[
        line("2026-11-27T10:00:00.000Z", "cli-tail-scheduler", "scheduler", "first")])
    polls = []

    def fake_sleep(seconds):  # each poll interval a new line arrives; the third interval is a Ctrl-C
        polls.append(seconds)
        if len(polls) == 3:
            raise KeyboardInterrupt
        cluster.logs.append(line(f"2026-11-27T10:00:0{len(polls)}.000Z", "cli-tail-scheduler", "scheduler",
                                 f"line {len(polls)}"))

    monkeypatch.setattr(cluster_cli.time, "sleep", fake_sleep)
    result = runner.invoke(cli.main, ["cluster", "logs", "cli-tail", "--tail"])
    assert result.exit_code == 0, result.output
    assert [l.split(" ", 2)[2] for l in result.output.splitlines()] == ["first", "line 1", "line 2"]


def test_setup_aws_prints_every_document_for_an_admin(logged_in, runner, monkeypatch):
    monkeypatch.setenv("FLOTILLA_TOKEN", ADMIN_TOKEN)
    result = runner.invoke(cli.main, ["setup", "aws", "--account-id", "123456789012", "--region", "eu-west-1"])
    assert result.exit_code == 0, result.output
    assert f"# External id (sts:ExternalId): {APPLIANCE_ID}" in result.output
    _, path, _ = logged_in.requests[-1]
    assert path == "/api/v1/providers/aws/policies"
    documents = _json_blocks(result.output)
    assert len(documents) == 6 and all(d["Version"] == "2012-10-17" for d in documents)
    assert "arn:aws:ec2:eu-west-1:123456789012:instance/*" in result.output
    assert "aws:ResourceTag/flotilla:appliance" in result.output and "sts:ExternalId" in result.output


def test_setup_aws_writes_files_and_says_when_the_trust_policy_is_missing(logged_in, runner, monkeypatch, tmp_path):
    monkeypatch.setenv("FLOTILLA_TOKEN", ADMIN_TOKEN)
    out = tmp_path / "iam"
    result = runner.invoke(cli.main, ["setup", "aws", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["image-builds-policy.json", "ongoing-policy.json", "setup-policy.json",
                                                     "worker-role-policy.json", "worker-role-trust-policy.json"]
    assert json.loads((out / "ongoing-policy.json").read_text())["Version"] == "2012-10-17"
    assert "arn:aws:ec2:*:*:instance/*" in (out / "ongoing-policy.json").read_text()
    assert "No trust policy: pass --account-id or --principal" in result.output

    result = runner.invoke(cli.main, ["setup", "aws", "--account-id", "123456789012", "--out", str(out)])
    assert result.exit_code == 0 and (out / "trust-policy.json").exists()
    trust = json.loads((out / "trust-policy.json").read_text())
    assert trust["Statement"][0]["Condition"] == {"StringEquals": {"sts:ExternalId": [APPLIANCE_ID]}}


def test_setup_aws_errors_for_a_member_and_bad_input(logged_in, runner, monkeypatch):
    result = runner.invoke(cli.main, ["setup", "aws", "--account-id", "123456789012"])
    assert result.exit_code == 1 and "Only appliance administrators can do this." in result.output
    monkeypatch.setenv("FLOTILLA_TOKEN", ADMIN_TOKEN)
    result = runner.invoke(cli.main, ["setup", "aws", "--account-id", "1234"])
    assert result.exit_code == 1 and "An AWS account id is 12 digits." in result.output


def test_setup_aws_help_explains_create(runner):
    result = runner.invoke(cli.main, ["setup", "aws", "--help"])
    assert result.exit_code == 0
    assert "--create" in result.output and "--dry-run" in result.output and "--appliance-principal" in result.output


def _json_blocks(text: str) -> list[dict]:
    """The JSON documents in the printed output (each starts after a '#' title line)."""
    decoder, found, index = json.JSONDecoder(), [], text.find("{")
    while index != -1:
        document, end = decoder.raw_decode(text, index)
        found.append(document)
        index = text.find("{", end)
    return found
